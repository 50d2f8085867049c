// The one i18n of the web: the current language, the shell's keyed strings, and inline (zh, en) pairs for
// module pages (`t('企业名录', 'Enterprises')`), so a page's two languages sit next to each other.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useSyncExternalStore } from 'react';

export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'anlan.lang';

const dict = {
  'app.name': { zh: '安澜', en: 'Anlan' },
  'app.fullName': {
    zh: '海曙区应急管理平台',
    en: 'Haishu District Emergency Management Platform',
  },
  'nav.home': { zh: '首页', en: 'Home' },
  'nav.menu': { zh: '菜单', en: 'Menu' },
  'header.help': { zh: '帮助', en: 'Help' },
  'header.signOut': { zh: '退出登录', en: 'Sign out' },
  'header.changePassword': { zh: '修改密码', en: 'Change password' },
  'header.passwordChanged': { zh: '密码已修改', en: 'Password changed' },
  'header.language': { zh: 'English', en: '中文' },
  'login.title': { zh: '用户登录', en: 'Sign in' },
  'login.username': { zh: '用户名', en: 'Username' },
  'login.password': { zh: '密码', en: 'Password' },
  'login.totp': { zh: '动态验证码', en: 'Authenticator code' },
  'login.totpHint': {
    zh: '请输入身份验证器中的 6 位验证码',
    en: 'Enter the 6-digit code from your authenticator app',
  },
  'login.submit': { zh: '登录', en: 'Sign in' },
  'login.required': { zh: '请填写此项', en: 'Required' },
  'home.welcome': { zh: '欢迎，', en: 'Welcome, ' },
  'home.towns': { zh: '乡镇街道', en: 'Towns and streets' },
  'home.villages': { zh: '村（社区）', en: 'Villages and communities' },
  'home.departments': { zh: '部门', en: 'Departments' },
  'home.users': { zh: '用户', en: 'Users' },
  'home.modules': { zh: '功能模块', en: 'Modules' },
  'home.available': { zh: '已上线', en: 'Available' },
  'home.unavailable': { zh: '未上线', en: 'Not yet available' },
  'module.unavailable': {
    zh: '该模块尚未上线',
    en: 'This module is not available yet',
  },
  'common.retry': { zh: '重试', en: 'Retry' },
  'error.loadFailed': { zh: '加载失败', en: 'Failed to load' },
  'error.forbidden': {
    zh: '没有访问此模块的权限',
    en: 'You do not have access to this module',
  },
  'error.notFound': { zh: '页面不存在', en: 'Page not found' },
  'error.backHome': { zh: '返回首页', en: 'Back to home' },
} satisfies Record<string, Record<Lang, string>>;

export type I18nKey = keyof typeof dict;

function initialLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

let lang: Lang = initialLang();
const listeners = new Set<() => void>();

function apply(next: Lang) {
  dayjs.locale(next === 'zh' ? 'zh-cn' : 'en');
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}
apply(lang);

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang) {
  lang = next;
  localStorage.setItem(STORAGE_KEY, next);
  apply(next);
  for (const l of listeners) l();
}

/** Re-renders the caller when the language changes. */
export function useLang(): Lang {
  return useSyncExternalStore((cb) => {
    listeners.add(cb);
    return () => listeners.delete(cb);
  }, getLang);
}

/** A shell string by key, or an inline pair: `t('保存', 'Save')`. */
export function t(key: I18nKey): string;
export function t(zh: string, en: string): string;
export function t(keyOrZh: string, en?: string): string {
  if (en !== undefined) return lang === 'en' ? en : keyOrZh;
  return dict[keyOrZh as I18nKey][lang];
}

/** `t` for components: subscribing makes the component re-render when the language changes. */
export function useT(): typeof t {
  useLang();
  return t;
}

/** Picks the label for the current language from a {zh, en} pair (the label maps in shared/), or the fallback. */
export function pick(text: { zh: string; en: string } | undefined, fallback = ''): string {
  return text ? text[lang] : fallback;
}
