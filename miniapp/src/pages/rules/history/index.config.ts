export default definePageConfig({ navigationBarTitleText: '规则版本历史' })
