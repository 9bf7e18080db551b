export default definePageConfig({ navigationBarTitleText: '添加人员' })
