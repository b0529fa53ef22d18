// 珍珠: 诸暨山下湖 — the largest freshwater pearl market; breeding, processing, jewellery, pearl powder, live-stream sales.
import { SHARED_INSTRUMENTS } from './instruments.js';
import type { IndustryVocab } from './types.js';

export const pearl: IndustryVocab = {
  industry: 'pearl',
  products: ['淡水珍珠', '珍珠项链', '珍珠耳饰', '珍珠粉', '珍珠饰品', '爱迪生珍珠', '珍珠面膜', '珍珠手链', '巴洛克珍珠'],
  trades: ['珍珠', '珠宝', '珍珠饰品', '珍珠养殖', '首饰', '珍珠生物科技'],
  districts: [['zhuji', 1]],
  topics: [
    {
      key: 'pl-breeding',
      industry: 'pearl',
      field: '淡水育珠蚌良种选育与生态养殖',
      methods: ['三角帆蚌、池蝶蚌杂交良种选育', '插片手术与术后养护', '育珠蚌病害防治'],
      problems: ['育珠蚌死亡率高', '插片后成珠率低', '珠质分泌慢'],
      needs: [
        { title: '今年蚌死得特别多', text: '我们在山下湖养了{一百多亩|两百亩}珍珠蚌，今年夏天死了{两成|三成}多，找不出原因，想请水产方面的专家来塘里看看。' },
        { title: '插片后成珠率低', text: '插片工人换了一批，成珠率明显下降，不知道是手术的问题还是蚌种的问题，想找专家指导。' },
      ],
    },
    {
      key: 'pl-nucleated',
      industry: 'pearl',
      field: '大规格有核珍珠培育技术',
      methods: ['核型与植核工艺优化', '爱迪生珍珠养殖周期管理', '珍珠圆度与光泽调控'],
      problems: ['有核珍珠圆度差', '吐核率高', '光泽不足'],
      needs: [
        { title: '养的有核珍珠不够圆', text: '想多养点大颗的爱迪生珍珠，但收获时圆珠比例只有{两成|三成}左右，吐核也多，想找人合作改进植核工艺。' },
      ],
    },
    {
      key: 'pl-processing',
      industry: 'pearl',
      also: ['chemical'],
      field: '珍珠漂白、增光与优化处理工艺',
      methods: ['双氧水漂白工艺与温度控制', '增光抛光工艺', '珍珠优化处理药剂安全性评价'],
      problems: ['漂白后珍珠发黄发脆', '增光效果不持久', '加工损耗大'],
      needs: [
        { title: '漂白后珍珠发黄', text: '我们的珍珠漂白后放一段时间又开始发黄，有的还变脆裂开，想找懂加工工艺的老师指导一下。' },
        { title: '珍珠光泽不够亮，卖不上价', text: '同样等级的珠子，人家加工出来就是比我们亮，想请人看看增光抛光的工艺。' },
      ],
    },
    {
      key: 'pl-powder',
      industry: 'pearl',
      also: ['medicine'],
      field: '珍珠粉、水解珍珠及珍珠化妆品开发',
      methods: ['纳米珍珠粉与水解珍珠粉制备', '珍珠提取物在化妆品中的应用', '珍珠粉保健食品配方开发'],
      problems: ['珍珠粉附加值低', '水解工艺收率低', '化妆品配方稳定性差'],
      needs: [
        { title: '想用珍珠粉做{面膜|洗面奶|精华液}', text: '我们有很多碎珠和珠层粉，想开发{面膜|洗面奶|精华液}这类化妆品提高附加值，想找懂配方的专家合作。' },
        { title: '水解珍珠粉怎么做', text: '客户要水解珍珠粉，要求{蛋白含量|溶解性}达标，我们现在的工艺做不出来，想找人帮忙。' },
      ],
    },
    {
      key: 'pl-design',
      industry: 'pearl',
      categories: ['rnd', 'marketing'],
      field: '珍珠首饰设计与镶嵌工艺',
      methods: ['时尚珍珠首饰款式设计', '珍珠与贵金属镶嵌工艺', '异形巴洛克珍珠设计应用'],
      problems: ['首饰款式老旧', '同质化严重', '镶嵌件易掉珠'],
      needs: [
        { title: '珍珠项链款式老，年轻人不买', text: '我们做的珍珠项链还是老一套，直播间里年轻人看了就走，想找设计师一起开发{轻奢|国潮|日常通勤}风格的新款。' },
        { title: '珍珠耳钉老是掉珠', text: '客户反映我们的珍珠耳钉戴一阵子珠子就掉了，想请懂镶嵌工艺的师傅看看怎么改。' },
      ],
    },
    {
      key: 'pl-water',
      industry: 'pearl',
      field: '珍珠养殖水质调控与尾水治理',
      methods: ['养殖塘水质监测与调控', '养殖尾水生态处理', '渔珠混养模式设计'],
      problems: ['塘水发绿发臭', '养殖尾水不达标', '环保整治压力'],
      needs: [
        { title: '珍珠塘水质越来越差', text: '塘里水发绿还有味道，环保说尾水要达标才能继续养，想找专家设计个尾水处理方案，不要太贵。' },
      ],
    },
  ],
  tests: [
    {
      key: 'pl-grading',
      name: '珍珠分级与质量检验',
      industry: 'pearl',
      items: ['光泽', '光洁度', '形状', '大小', '珠层厚度', '匹配性'],
      standards: ['GB/T 18781', 'GB/T 16552'],
      needs: [
        { title: '想给珍珠出个分级证书', text: '直播卖的{珍珠项链|单颗大珠}客户要证书，想找权威机构按国标做分级，一个月大概有{几百|一千多}件。' },
      ],
    },
    {
      key: 'pl-identify',
      name: '珍珠鉴定（天然、养殖、仿制及染色处理鉴别）',
      industry: 'pearl',
      items: ['天然与养殖鉴别', '有核无核鉴别', '染色、辐照处理鉴别', '仿珍珠鉴别'],
      standards: ['GB/T 16552', 'GB/T 16553'],
      needs: [
        { title: '怎么证明我们的珍珠没染色', text: '有顾客说我们卖的{彩色珍珠|紫色珍珠}是染的，要投诉，我们想找第三方做个鉴定证明是天然色。' },
      ],
    },
    {
      key: 'pl-powder-test',
      name: '珍珠粉成分及重金属检测',
      industry: 'pearl',
      also: ['medicine'],
      items: ['碳酸钙含量', '蛋白质含量', '铅、汞、砷、镉', '细度', '微生物'],
      standards: ['GB/T 29682', '中国药典 珍珠粉', 'GB 2762'],
      needs: [
        { title: '珍珠粉要测重金属', text: '我们的珍珠粉准备在电商平台卖，平台要求上传重金属和微生物检测报告，哪里能测？' },
      ],
    },
    {
      key: 'pl-metal-test',
      name: '首饰贵金属纯度及有害元素检测',
      industry: 'pearl',
      extraCategories: ['certification'],
      items: ['金、银、铂含量', '镍释放量', '铅、镉含量'],
      standards: ['GB 11887', 'GB 28480', 'EN 1811', 'EN 12472'],
      needs: [
        { title: '出口的珍珠饰品要测镍释放', text: '欧洲客户要求饰品配件提供镍释放和铅镉检测报告，我们用的是{925银|铜镀金}配件，不知道能不能过。' },
      ],
    },
  ],
  certs: [
    {
      key: 'pl-cosmetic',
      name: '珍珠化妆品备案与生产许可咨询',
      industries: ['pearl'],
      extraCategories: ['policy'],
      scope: '协助完成普通化妆品备案、功效宣称评价和化妆品生产许可证申请',
      needs: [
        { title: '珍珠面膜要怎么备案', text: '我们想找代工厂做珍珠面膜，用自己的牌子卖，听说要化妆品备案，还要做功效评价，完全不懂流程。' },
      ],
    },
  ],
  instruments: [
    ...SHARED_INSTRUMENTS.filter((i) => ['xrf', 'icpms', 'laser_psd', 'sem', 'ct', 'xrd'].includes(i.key)),
    {
      key: 'pl-xray',
      name: '珍珠 X 射线透视检测仪',
      models: [['日联科技', 'AX7900'], ['丹东奥龙', 'XYG-2005'], ['正业科技', 'XG5000']],
      uses: { pearl: '有核无核鉴别、珍珠层厚度和内部结构无损检测' },
      categories: ['testing'],
      price: [80, 200],
      capacity: [100, 300],
      accredited: true,
    },
    {
      key: 'pl-raman',
      name: '激光拉曼光谱仪',
      models: [['雷尼绍', 'inVia Qontor'], ['赛默飞', 'DXR3'], ['堀场', 'LabRAM HR Evolution']],
      uses: { pearl: '珍珠及宝石染色处理鉴别', materials: '碳材料、石墨烯层数和缺陷表征' },
      categories: ['testing'],
      price: [150, 350],
      capacity: [40, 100],
      accredited: true,
    },
    {
      key: 'pl-spectro',
      name: '珠宝紫外可见近红外分光光度计',
      models: [['岛津', 'UV-3600i Plus'], ['广州标旗', 'GEM-3000'], ['珀金埃尔默', 'Lambda 1050+']],
      uses: { pearl: '珍珠颜色成因和染色鉴别光谱分析' },
      categories: ['testing'],
      price: [80, 180],
      capacity: [60, 150],
      accredited: true,
    },
  ],
  labDomains: [
    { name: '珍珠检测', industry: 'pearl', categories: ['testing', 'certification'], tests: ['pl-grading', 'pl-identify', 'pl-metal-test'], topics: [], instruments: ['pl-xray', 'pl-raman', 'pl-spectro', 'xrf'] },
    { name: '珍珠养殖技术', industry: 'pearl', categories: ['rnd'], tests: [], topics: ['pl-breeding', 'pl-nucleated', 'pl-water'], instruments: ['pl-xray'] },
    { name: '珍珠精深加工', industry: 'pearl', also: ['medicine'], categories: ['rnd', 'testing'], tests: ['pl-powder-test'], topics: ['pl-powder', 'pl-processing'], instruments: ['laser_psd', 'icpms', 'xrd'] },
  ],
  affiliations: [
    { name: '上海海洋大学水产与生命学院', region: 'shanghai', type: 'university' },
    { name: '浙江大学动物科学学院', region: 'hangzhou', type: 'university' },
    { name: '中国计量大学材料与化学学院', region: 'hangzhou', type: 'university' },
    { name: '诸暨珍珠产业研究院', region: 'zhuji', type: 'institute' },
    { name: '国家珠宝玉石首饰检验集团', region: 'beijing', type: 'institute' },
    { name: '浙江农林大学动物科技学院', region: 'hangzhou', type: 'university' },
  ],
  formerRoles: ['山下湖珍珠市场质检站站长', '珍珠加工企业技术厂长', '水产技术推广站高级工程师', '珠宝企业首席设计师'],
};
