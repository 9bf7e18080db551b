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
    // 三色预警 and 重点关注 (the centre and the 派出所; the admin's rules)
    'pages/risk/watch/index',
    'pages/risk/subject/index',
    'pages/risk/rules/index',
    // 人员管理 (admins; the centre reads)
    'pages/people/index',
    'pages/people/person/index',
    'pages/people/add/index',
    'pages/people/newcomers/index',
  ],
  window: {
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '警情通办',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f7',
  },
})
