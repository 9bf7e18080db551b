export default definePageConfig({ navigationBarTitleText: '攻坚小组构成规则' })
