export default definePageConfig({ navigationBarTitleText: '新建工单' })
