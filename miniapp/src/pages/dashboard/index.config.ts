export default definePageConfig({ navigationBarTitleText: '一屏掌控' })
