export default definePageConfig({ navigationBarTitleText: '渠道归集', enablePullDownRefresh: true })
