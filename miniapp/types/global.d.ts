/// <reference types="@tarojs/taro" />
declare module '*.scss'
declare module '*.css'
declare module '*.png'
declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production'
    TARO_ENV: 'weapp' | 'alipay' | 'dd' | 'h5'
  }
}
/** BFF base URL baked in at build time for the DingTalk build; empty in H5 (same origin). */
declare const BFF_BASE_URL: string
