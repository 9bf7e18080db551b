export default definePageConfig({ navigationBarTitleText: '重点关注对象', enablePullDownRefresh: true })
