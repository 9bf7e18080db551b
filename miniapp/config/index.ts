import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'

/**
 * First load on a weak signal: the app's stylesheet loads without blocking the first paint (media=print, switched
 * to all on load), so index.html's skeleton shows one round trip earlier; the app's code, which needs the styles,
 * arrives later than they do anyway.
 */
class NonBlockingCss {
  apply(compiler: { hooks: { compilation: { tap: (name: string, fn: (c: unknown) => void) => void } } }) {
    compiler.hooks.compilation.tap('NonBlockingCss', (compilation) => {
      // biome-ignore lint/suspicious/noExplicitAny: html-webpack-plugin's hook types are not worth importing here
      const HtmlWebpackPlugin = require('html-webpack-plugin') as any
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(
        'NonBlockingCss',
        (data: { headTags: Array<{ tagName: string; attributes: Record<string, unknown> }> }) => {
          for (const tag of data.headTags) {
            if (tag.tagName === 'link' && tag.attributes.rel === 'stylesheet') {
              tag.attributes.media = 'print'
              tag.attributes.onload = "this.media='all'"
            }
          }
          return data
        },
      )
    })
  }
}

// the shared workspace package ships TypeScript source and must go through Taro's babel pipeline
const sharedSrc = path.resolve(__dirname, '../../shared')

export default defineConfig<'webpack5'>(async (merge) => {
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'jingqing-tongban',
    date: '2026-11-27',
    // NutUI is drawn at 375 wide, our own styles at 750
    designWidth(input: unknown) {
      const file = (input as { file?: string } | undefined)?.file?.replace(/\\+/g, '/')
      return file && file.indexOf('@nutui') > -1 ? 375 : 750
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: ['@tarojs/plugin-platform-alipay-dd'],
    defineConstants: {
      // H5 is served by the BFF itself (same origin); the DingTalk build needs the absolute address
      BFF_BASE_URL: JSON.stringify(process.env.TARO_ENV === 'h5' ? '' : (process.env.BFF_PUBLIC_URL ?? 'http://127.0.0.1:8080')),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      // components' styles are independent of each other; the order warnings are noise
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: { pxtransform: { enable: true, config: {} } },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
    h5: {
      compile: { include: [sharedSrc] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        // the root font follows the screen up to a phone's size; a PC DingTalk window gets phone-sized text in a
        // centred column instead of everything scaled up 2×
        pxtransform: { enable: true, config: { maxRootSize: 24 } },
      },
      devServer: { host: '127.0.0.1' },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // the stylesheet must not hold the first paint (index.html's skeleton has its own inline style)
        chain.plugin('non-blocking-css').use(NonBlockingCss)
        // Taro splits only the initial chunks, so every page chunk carried its own copy of the components and
        // services it shares with the others (~130 KB each). Shared chunks for what ≥ 2 pages use mean the next
        // page on a weak village signal costs a few KB instead.
        const split = chain.optimization.get('splitChunks')
        if (split) {
          chain.optimization.splitChunks({
            ...split,
            cacheGroups: {
              ...split.cacheGroups,
              // no fixed name: webpack groups shared modules by the set of pages that use them, so the first page loads
              // only what it needs (the hall does not carry the forms' code) and the others fetch the rest
              pagesCommon: {
                chunks: 'async',
                minChunks: 2,
                minSize: 8000,
                priority: 5,
                reuseExistingChunk: true,
                // the DingTalk / 浙政钉 SDKs stay in their own lazy chunks, fetched only inside those containers
                test: (module: { resource?: string }) => !/[\\/]node_modules[\\/](dingtalk-jsapi|gdt-jsapi)[\\/]/.test(module.resource ?? ''),
              },
            },
          })
        }
      },
    },
  }
  return merge({}, base)
})
