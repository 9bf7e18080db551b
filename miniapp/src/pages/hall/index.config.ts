export default definePageConfig({ navigationBarTitleText: '揭榜大厅', enablePullDownRefresh: true, onReachBottomDistance: 120 })
