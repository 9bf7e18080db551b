export default definePageConfig({ navigationBarTitleText: '通讯录新成员', enablePullDownRefresh: true })
