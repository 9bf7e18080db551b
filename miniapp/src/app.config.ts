export default defineAppConfig({
  // the first page opens the app and sends everyone to their own first page (or to login);
  // pages/task/index is linked from DingTalk work notifications: keep its path
  pages: [
    'pages/index/index',
    'pages/login/index',
    'pages/hall/index',
    'pages/mine/index',
    'pages/report/index',
    'pages/department/index',
    'pages/review/index',
    'pages/all/index',
    'pages/create/index',
    'pages/me/index',
    'pages/task/index',
    'pages/progress/index',
    // 奖惩考核
    'pages/points/index',
    'pages/leaderboard/index',
    'pages/rules/index',
    'pages/rules/history/index',
    'pages/appeal/index',
    // 人员管理 (admins; the centre reads)
    'pages/people/index',
    'pages/people/person/index',
    'pages/people/add/index',
    'pages/people/newcomers/index',
    // 统一归口 (the centre's intake desk; admins read)
    'pages/intake/index',
    'pages/intake/record/index',
    'pages/intake/window/index',
    'pages/intake/import/index',
  ],
  window: {
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '警情通办',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f7',
  },
})
