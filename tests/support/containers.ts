/*
 * Fake JS bridges of the DingTalk and 浙政钉 iOS WebViews, for browser tests of the mini-app's platform adapter.
 * Both SDKs (dingtalk-jsapi, gdt-jsapi) talk to `window.WebViewJavascriptBridge.callHandler(name, params, cb)` on
 * iOS and read `{ errorCode: '0', result }`. The fake answers the auth-code call by minting a real code from the
 * simulator through the BFF's dev endpoint, so the app's login after that is the real one; every call is recorded
 * in `window.__bridgeCalls`.
 */

import type { Page } from 'playwright-core'

export const DINGTALK_IOS_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.6.0) com.laiwang.DingTalk/33333333 Channel/201200 language/zh-Hans-CN'

export const ZZD_IOS_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.0.0) TaurusApp/3.1.0 DingTalk/7.0.0 language/zh-Hans-CN'

/** The bridge script; `authField` is the field the container puts the code in (`code`, or `auth_code` on 浙政钉). */
export function fakeIosBridge(opts: { userId: string; provider: 'dingtalk' | 'zhezhengding'; authField: 'code' | 'auth_code' }): string {
  return `(() => {
  const opts = ${JSON.stringify(opts)}
  window.__bridgeCalls = []
  window.WebViewJavascriptBridge = {
    init() {},
    registerHandler() {},
    callHandler(name, params, cb) {
      window.__bridgeCalls.push({ name, params })
      if (!/requestAuthCode|getAuthCode/.test(name)) return cb({ errorCode: '1', errorMessage: 'not in this fake: ' + name })
      fetch('/api/dev/auth-code', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: opts.userId, provider: opts.provider }) })
        .then((r) => r.json())
        .then((b) => cb({ errorCode: '0', result: { [opts.authField]: b.authCode, expireTime: 300 } }))
        .catch((e) => cb({ errorCode: '3', errorMessage: String(e) }))
    },
  }
})()`
}

/** The calls the page made to the fake bridge whose handler name matches `name`. */
export async function bridgeCalls(page: Page, name: RegExp): Promise<Array<{ name: string; params: { corpId?: string } }>> {
  const calls = await page.evaluate(() => (window as unknown as { __bridgeCalls: Array<{ name: string; params: { corpId?: string } }> }).__bridgeCalls)
  return calls.filter((c) => name.test(c.name))
}
