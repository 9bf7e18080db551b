export default definePageConfig({ navigationBarTitleText: '线索研判' })
