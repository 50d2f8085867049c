// The one i18n of the web: the current language and inline (zh, en) pairs (`t('企业名录', 'Enterprises')`),
// so a page's two languages sit next to each other, in the shell as in the module pages.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useSyncExternalStore } from 'react';

export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'anlan.lang';

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

/** A text in the current language, written as its pair: `t('保存', 'Save')`. */
export function t(zh: string, en: string): string {
  return lang === 'en' ? en : zh;
}

/** The platform's name, short (the header, the login page) and in full. */
export const appName = () => t('安澜', 'Anlan');
export const appFullName = () => t('海曙区应急管理平台', 'Haishu District Emergency Management Platform');

/** `t` for components: subscribing makes the component re-render when the language changes. */
export function useT(): typeof t {
  useLang();
  return t;
}

/** Picks the label for the current language from a {zh, en} pair (the label maps in shared/), or the fallback. */
export function pick(text: { zh: string; en: string } | undefined, fallback = ''): string {
  return text ? text[lang] : fallback;
}
