export default definePageConfig({ navigationBarTitleText: '渠道记录' })
