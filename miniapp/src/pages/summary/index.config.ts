export default definePageConfig({ navigationBarTitleText: '本月概况' })
