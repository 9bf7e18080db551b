export default definePageConfig({ navigationBarTitleText: '攻坚小组邀请' })
