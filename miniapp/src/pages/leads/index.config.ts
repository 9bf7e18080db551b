export default definePageConfig({ navigationBarTitleText: '研判', enablePullDownRefresh: true })
