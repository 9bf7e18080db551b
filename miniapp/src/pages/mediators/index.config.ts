export default definePageConfig({ navigationBarTitleText: '调解员库' })
