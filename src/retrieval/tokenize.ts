// Chinese word segmentation for the lexical index and for need inference (jieba, search mode so that
// 电子显微镜 also yields 显微镜 and 电子).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normaliseText } from '../embedding/normalise.js';

const jieba = Jieba.withDict(dict);

// Function words and request phrasing that every need contains and no resource is about.
const STOP_WORDS = new Set(
  ('的 了 是 在 和 与 及 或 就 都 也 还 又 很 太 更 最 把 被 让 给 对 为 以 从 向 到 于 等 个 些 这 那 这个 那个 这些 那些 ' +
    '我 我们 你 你们 他 她 它 他们 咱们 自己 大家 什么 怎么 怎么办 怎样 如何 为什么 咋 啥 吗 呢 吧 啊 呀 哦 嘛 ' +
    '想 想要 要 需要 希望 找 找人 找个 请 帮 帮忙 一下 看看 有没有 有 没有 能 能不能 可以 可不可以 会 不会 不 没 ' +
    '一个 一些 一家 哪家 哪里 哪 谁 多少 比较 非常 已经 现在 目前 一直 总是 经常 问题 情况 方面 进行 提供 相关 主要 ' +
    '公司 厂 厂里 我厂 企业 单位 年 月 天 次 个 家 做 搞 弄 用 说 知道 觉得')
    .split(' '),
);

/** Names this tokenizer (jieba's version, the stop words): words saved by another one are not reused. */
export const TOKENIZER_ID = createHash('sha256')
  .update(`${(createRequire(import.meta.url)('@node-rs/jieba/package.json') as { version: string }).version}\n${[...STOP_WORDS].join(' ')}`)
  .digest('hex')
  .slice(0, 16);

/** Words of a text after normalisation, without punctuation, spaces and stop words; repeats are kept (term frequency). */
export function tokenize(text: string): string[] {
  const words = jieba.cutForSearch(normaliseText(text), true);
  return words.filter((w) => /[\p{L}\p{N}]/u.test(w) && !STOP_WORDS.has(w) && w.trim().length > 0);
}
