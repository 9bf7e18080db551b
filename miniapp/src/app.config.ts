export default defineAppConfig({
  // the first page opens the app and sends everyone to their own first page (or to login);
  // pages/task/index is linked from DingTalk work notifications: keep its path
  // the main package: the start page, login and every tab page (each role's tab bar draws from these)
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
  ],
  // every other page is a sub-package, loaded when first opened: the main package stays small as areas add pages
  // (a new area adds its own entry here; paths do not change — a sub-package's root is its pages' folder).
  // Budgets: main ≤ 1 MB, each sub-package ≤ 2 MB (tools/dd-size.cjs, run by npm run build:dd).
  subPackages: [
    { root: 'pages/task', pages: ['index'] },
    { root: 'pages/progress', pages: ['index'] },
    // 奖惩考核
    { root: 'pages/points', pages: ['index'] },
    { root: 'pages/leaderboard', pages: ['index'] },
    { root: 'pages/rules', pages: ['index', 'history/index'] },
    { root: 'pages/appeal', pages: ['index'] },
    // 三色预警 and 重点关注 (the centre and the 派出所; the admin's rules)
    { root: 'pages/risk', pages: ['watch/index', 'subject/index', 'rules/index'] },
    // 人员管理 (admins; the centre reads)
    { root: 'pages/people', pages: ['index', 'person/index', 'add/index', 'newcomers/index'] },
    // 统一归口 (the centre's intake desk; admins read)
    { root: 'pages/intake', pages: ['index', 'record/index', 'window/index', 'import/index'] },
    // 研判 (the centre decides on leads; admins edit the routing table)
    { root: 'pages/leads', pages: ['index', 'lead/index', 'routing/index'] },
    // 多元化解队伍 (the pool, a task's 攻坚小组 and its mediation record, invitations)
    { root: 'pages/mediators', pages: ['index', 'profile/index', 'edit/index', 'rules/index', 'team/index', 'record/index', 'invite/index'] },
    // 法律咨询: the questions citizens ask, answered by staff tagged 专科医生 (and the centre); work notices open question/index
    { root: 'pages/consult', pages: ['index', 'question/index'] },
    // 关键指数: the 一屏掌控 large screen (H5; ECharts loads with this package only), the cases behind a number, 本月概况
    { root: 'pages/dashboard', pages: ['index', 'cases/index'] },
    { root: 'pages/summary', pages: ['index'] },
  ],
  window: {
    navigationBarBackgroundColor: '#0b5ed7',
    navigationBarTitleText: '警情通办',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f7',
  },
})
