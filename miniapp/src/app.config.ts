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
    // 多元化解队伍 (the pool, a task's 攻坚小组 and its mediation record, invitations)
    'pages/mediators/index',
    'pages/mediators/profile/index',
    'pages/mediators/edit/index',
    'pages/mediators/rules/index',
    'pages/mediators/team/index',
    'pages/mediators/record/index',
    'pages/mediators/invite/index',
  ],
  window: {
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '警情通办',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f7',
  },
})
