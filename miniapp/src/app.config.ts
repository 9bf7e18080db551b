export default defineAppConfig({
  // the first page opens the app: it sends everyone to their own first page (and to login when needed)
  pages: ['pages/index/index', 'pages/login/index', 'pages/me/index'],
  window: {
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '警情通办',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f7',
  },
})
