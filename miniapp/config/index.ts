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

/**
 * First load (docs/miniapp.md#first-load): index.html learns at build time which files each page needs, so that on
 * a cold start it can fetch the first page's code and styles together with the app's instead of one round trip
 * after it, and draw the hall's first cards before the code arrives. Replaces `/*PAGE_ASSETS*\/null` with
 * `{ pages: { 'pages/hall/index': { js: [...], css: [...] }, ... }, categories: ['邻里纠纷', ...] }`.
 */
class PageAssets {
  apply(compiler: { hooks: { compilation: { tap: (name: string, fn: (c: unknown) => void) => void } } }) {
    compiler.hooks.compilation.tap('PageAssets', (compilation) => {
      // biome-ignore lint/suspicious/noExplicitAny: html-webpack-plugin's and webpack's types are not worth importing here
      const HtmlWebpackPlugin = require('html-webpack-plugin') as any
      HtmlWebpackPlugin.getHooks(compilation).beforeEmit.tap('PageAssets', (data: { html: string }) => {
        const pages: Record<string, { js: string[]; css: string[] }> = {}
        // biome-ignore lint/suspicious/noExplicitAny: see above
        for (const group of (compilation as any).chunkGroups) {
          for (const origin of group.origins ?? []) {
            const page = /(pages\/[\w/-]+\/index)(\.tsx)?(\?|$)/.exec(String(origin.request ?? ''))?.[1]
            if (!page || pages[page]) continue
            const files: string[] = group.getFiles().filter((f: string) => !f.endsWith('.map'))
            pages[page] = { js: files.filter((f) => f.endsWith('.js')).map((f) => `/${f}`), css: files.filter((f) => f.endsWith('.css')).map((f) => `/${f}`) }
          }
        }
        if (!pages['pages/hall/index']) throw new Error('PageAssets: no chunk group found for pages/hall/index')
        const assets = JSON.stringify({ pages, categories: categoryLabels() })
        if (!data.html.includes('/*PAGE_ASSETS*/null')) throw new Error('PageAssets: index.html has no /*PAGE_ASSETS*/null marker')
        data.html = data.html.replace('/*PAGE_ASSETS*/null', () => assets.replace(/</g, '\\u003c'))
        // The app's and the hall's styles (≈ 4 KB gzip) go inline, after the app's own <link>s: the hall can be drawn
        // the moment its answer arrives, instead of when the stylesheets have crept in behind ~150 KB of scripts on
        // the same thin line. Same rules, same order as the files, so their later arrival changes nothing.
        // biome-ignore lint/suspicious/noExplicitAny: see above
        const c = compilation as any
        const initial: string[] = c.entrypoints.get('app')?.getFiles() ?? []
        const css = [...initial.filter((f) => f.endsWith('.css')).map((f) => `/${f}`), ...pages['pages/hall/index'].css]
        const inline = css.map((f) => String(c.getAsset(f.slice(1))?.source.source() ?? '')).join('\n')
        if (!inline || /url\(/.test(inline)) throw new Error('PageAssets: no styles to inline, or styles with url() (relative to /css/)')
        data.html = data.html.replace('</head>', () => `<style id="boot-css">${inline.replace(/<\//g, '<\\/')}</style></head>`)
        return data
      })
    })
  }
}

/** The 类型 chips' labels as the hall shows them (shared's TypeScript is not loadable from this config: ask tsx). */
function categoryLabels(): string[] {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process')
  const constants = path.resolve(__dirname, '../../shared/src/tasks/constants.ts')
  const code = `import(${JSON.stringify(constants)}).then((m) => process.stdout.write(JSON.stringify((m.TASK_CATEGORIES ?? m.default.TASK_CATEGORIES).map((c) => c.label))))`
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', code], { encoding: 'utf8', cwd: path.resolve(__dirname, '../..') }))
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
        chain.plugin('page-assets').use(PageAssets)
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
