export default definePageConfig({ navigationBarTitleText: '重点关注（民转刑）', enablePullDownRefresh: true })
