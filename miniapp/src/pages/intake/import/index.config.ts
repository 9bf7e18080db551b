export default definePageConfig({ navigationBarTitleText: '导入渠道文件' })
