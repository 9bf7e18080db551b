export default definePageConfig({ navigationBarTitleText: '部门工单', enablePullDownRefresh: true, onReachBottomDistance: 120 })
