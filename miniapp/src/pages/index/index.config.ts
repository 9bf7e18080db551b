export default definePageConfig({ navigationBarTitleText: '警情通办', enablePullDownRefresh: true })
