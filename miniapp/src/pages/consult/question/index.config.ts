export default definePageConfig({ navigationBarTitleText: '解答法律咨询' })
