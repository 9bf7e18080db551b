export default definePageConfig({ navigationBarTitleText: '待验收', enablePullDownRefresh: true, onReachBottomDistance: 120 })
