// 黄酒: 越城 东浦、湖塘 and 柯桥 — 绍兴酒 is a 地理标志产品 (GB/T 17946). Small wineries dominate.
import { SHARED_INSTRUMENTS } from './instruments.js';
import type { IndustryVocab } from './types.js';

export const huangjiu: IndustryVocab = {
  industry: 'huangjiu',
  products: ['黄酒', '花雕酒', '加饭酒', '善酿酒', '瓶装黄酒', '坛装黄酒', '低度黄酒', '料酒', '手工冬酿黄酒'],
  trades: ['酒业', '酿酒', '黄酒', '酿造', '酒厂'],
  districts: [['yuecheng', 8], ['keqiao', 4], ['shangyu', 1], ['shengzhou', 1], ['binhai', 1]],
  topics: [
    {
      key: 'hj-turbidity',
      industry: 'huangjiu',
      field: '黄酒非生物稳定性与澄清工艺',
      methods: ['蛋白质-多酚浑浊机理分析', '澄清剂筛选与下胶工艺', '膜过滤与煎酒工艺优化'],
      problems: ['瓶装黄酒储存后浑浊', '瓶底沉淀', '失光'],
      needs: [
        { title: '我们厂的黄酒放半年就发浑', text: '瓶装{加饭酒|花雕|清爽型黄酒}出厂时挺清亮，放半年左右就发浑，有的还有絮状沉淀，经销商退货，有没有懂的专家？' },
        { title: '瓶底有沉淀，客户以为坏了', text: '酒本身没问题，但瓶底一层沉淀，超市顾客以为变质了，想找人看看澄清和过滤怎么做好。' },
      ],
    },
    {
      key: 'hj-souring',
      industry: 'huangjiu',
      field: '黄酒发酵过程控制与酸败防治',
      methods: ['前酵、后酵温度与开耙控制', '杂菌污染来源排查', '酸度预警与发酵数据监测'],
      problems: ['发酵醪酸败', '出酒率低', '批次风味不稳'],
      needs: [
        { title: '今年冬酿有酒发酸了', text: '冬酿的时候有{几缸|十几缸}酒发酸，总酸明显偏高，老师傅说是天气太热，想找专家看看到底是哪里染了杂菌。' },
        { title: '出酒率比同行低', text: '同样的糯米和工艺，我们的出酒率比隔壁厂低好几个点，想找人帮忙分析一下发酵过程。' },
      ],
    },
    {
      key: 'hj-starter',
      industry: 'huangjiu',
      field: '黄酒酿造微生物与麦曲、酒药制备',
      methods: ['麦曲、酒药功能菌株分离筛选', '纯种熟麦曲和强化曲制备', '酿造微生物群落分析'],
      problems: ['自制麦曲质量波动', '酒药发酵力弱', '风味单薄'],
      needs: [
        { title: '自己做的麦曲质量不稳定', text: '我们一直自己踏麦曲，但每年质量都不一样，有一年发霉严重，想请懂微生物的老师帮忙做个菌种分析，稳定一下质量。' },
      ],
    },
    {
      key: 'hj-mechanized',
      industry: 'huangjiu',
      also: ['equipment'],
      field: '黄酒机械化、自动化酿造工艺',
      methods: ['浸米、蒸饭、发酵全流程机械化设计', '大罐发酵与传统缸酿风味对比', '压榨与煎酒设备选型'],
      problems: ['手工酿造产能受限', '机械化后风味变化', '用工难'],
      needs: [
        { title: '想从手工酿造改机械化', text: '老酿酒师傅越来越少，想把{浸米蒸饭|发酵压榨}改成机械化，又怕口感变了老客户不认，想找有经验的专家出个方案。' },
      ],
    },
    {
      key: 'hj-newproduct',
      industry: 'huangjiu',
      categories: ['rnd', 'marketing'],
      field: '黄酒风味化学与新品开发（低度、果味、清爽型）',
      methods: ['黄酒关键风味物质解析', '低度清爽型黄酒和果味黄酒配方开发', '黄酒衍生品（黄酒冰淇淋、黄酒奶茶基酒）开发'],
      problems: ['传统黄酒年轻消费者接受度低', '新品口感偏甜腻', '风味不够突出'],
      needs: [
        { title: '想开发年轻人喝的低度黄酒', text: '传统黄酒年轻人不爱喝，想做个{八度|十度}左右、带点果味的新品，在线上卖，缺研发人员。' },
        { title: '黄酒能不能做成饮料或者甜品', text: '看到有人做黄酒冰淇淋卖得不错，我们也想做点衍生产品，想找食品方面的专家合作开发。' },
      ],
    },
    {
      key: 'hj-ec',
      industry: 'huangjiu',
      field: '黄酒氨基甲酸乙酯控制与食品安全',
      methods: ['氨基甲酸乙酯前体尿素控制', '酿造与储存过程氨基甲酸乙酯削减', '食品安全风险监控方案'],
      problems: ['氨基甲酸乙酯含量偏高', '出口检测不达标'],
      needs: [
        { title: '出口客户说氨基甲酸乙酯偏高', text: '有批酒出口{日本|新加坡|加拿大}，客户检测氨基甲酸乙酯偏高，以后怎么从工艺上降下来？想找做过研究的专家。' },
      ],
    },
    {
      key: 'hj-lees',
      industry: 'huangjiu',
      field: '黄酒糟资源化利用',
      methods: ['酒糟蛋白饲料发酵', '酒糟提取功能成分', '糟烧酒蒸馏与糟卤调味品开发'],
      problems: ['酒糟处置难', '附加值低'],
      needs: [
        { title: '酒糟处理很麻烦', text: '每年有{几百吨|一千多吨}酒糟，以前卖给养殖户，现在没人要了，想看看能不能做成饲料或者糟卤之类的产品。' },
      ],
    },
    {
      key: 'hj-aging',
      industry: 'huangjiu',
      field: '黄酒陈酿机理与酒龄鉴别',
      methods: ['陈酿过程风味物质演变研究', '基于指纹图谱的酒龄鉴别', '陶坛储存与加速陈化工艺'],
      problems: ['年份酒真实性难以证明', '陈酿占用库容大'],
      needs: [
        { title: '怎么证明我们的酒是真{五年陈|十年陈}', text: '我们的{五年陈|十年陈}是实打实存的，但市场上年份酒乱标很多，想找专家看看能不能做个酒龄鉴别，证明一下。', category: 'testing' },
      ],
    },
  ],
  tests: [
    {
      key: 'hj-physchem',
      name: '黄酒理化指标检测',
      industry: 'huangjiu',
      items: ['酒精度', '总糖', '非糖固形物', '总酸', '氨基酸态氮', 'β-苯乙醇', '氧化钙'],
      standards: ['GB/T 13662', 'GB/T 17946'],
      needs: [
        { title: '新酒出厂要做理化检测', text: '今年新灌装了一批{瓶装|坛装}黄酒，出厂要理化指标检测报告，氨基酸态氮、非糖固形物这些，想找近一点的地方测。' },
      ],
    },
    {
      key: 'hj-safety',
      name: '黄酒食品安全指标检测',
      industry: 'huangjiu',
      items: ['氨基甲酸乙酯', '铅', '甜蜜素', '糖精钠', '苯甲酸', '菌落总数'],
      standards: ['GB 2757', 'GB 2762', 'GB 2760', 'GB 5009.223'],
      needs: [
        { title: '超市进货要食品安全检测报告', text: '想进{本地连锁超市|盒马}，对方要全项的食品安全检测报告，我们是小作坊刚拿的SC，不知道要测哪些。' },
      ],
    },
    {
      key: 'hj-flavor',
      name: '黄酒风味物质分析与感官评价',
      industry: 'huangjiu',
      items: ['挥发性香气成分', '有机酸谱', '氨基酸谱', '感官品评'],
      standards: ['GB/T 13662', 'QB/T 感官分析方法'],
      needs: [
        { title: '想知道我们的酒和名酒风味差在哪', text: '同样是加饭酒，我们的香气总觉得不如大厂的，想做个风味成分对比分析，找找差距。' },
      ],
    },
  ],
  certs: [
    {
      key: 'hj-gi',
      name: '绍兴黄酒地理标志产品专用标志使用申请辅导',
      industries: ['huangjiu'],
      extraCategories: ['standards', 'policy'],
      scope: '对照 GB/T 17946《地理标志产品 绍兴酒（绍兴黄酒）》梳理原料、工艺和产地要求，协助准备专用标志使用申请材料',
      needs: [
        { title: '我们的酒能不能标绍兴黄酒地理标志', text: '我们在{district}酿酒，用的是鉴湖水，想申请使用地理标志专用标志，不清楚要满足哪些条件。' },
      ],
    },
    {
      key: 'hj-sc-haccp',
      name: '食品生产许可（SC）与 HACCP、ISO 22000 认证咨询',
      industries: ['huangjiu', 'pearl'],
      extraCategories: ['policy'],
      scope: '协助食品企业完成 SC 许可申请、现场核查准备及 HACCP/ISO 22000 体系建立',
      needs: [
        { title: '小酒坊想办食品生产许可证', text: '家里几代人做黄酒，现在想正规化办个SC证，厂房要怎么改、要准备哪些材料，想找人指导。' },
        { title: '出口要HACCP认证', text: '国外经销商要求我们有HACCP证书才能进货，想了解认证周期和费用。' },
      ],
    },
  ],
  instruments: [
    ...SHARED_INSTRUMENTS.filter((i) => ['gcms', 'hplc', 'icpms'].includes(i.key)),
    {
      key: 'hj-aa-analyzer',
      name: '全自动氨基酸分析仪',
      models: [['日立', 'LA8080'], ['赛卡姆', 'S433D'], ['安捷伦', 'AdvanceBio AAA']],
      uses: { huangjiu: '黄酒游离氨基酸组成分析', pearl: '珍珠粉水解氨基酸测定', medicine: '氨基酸类原料药含量测定' },
      categories: ['testing'],
      price: [200, 400],
      capacity: [30, 80],
      accredited: true,
    },
    {
      key: 'hj-microbe-id',
      name: '全自动微生物鉴定系统',
      models: [['梅里埃', 'VITEK 2 Compact'], ['布鲁克', 'MALDI Biotyper sirius'], ['BIOLOG', 'GEN III']],
      uses: { huangjiu: '酿造微生物、污染杂菌分离鉴定', medicine: '洁净区环境监测菌株鉴定' },
      categories: ['testing', 'rnd'],
      price: [150, 350],
      capacity: [30, 80],
      accredited: false,
    },
    {
      key: 'hj-enose',
      name: '电子鼻与电子舌风味分析系统',
      models: [['Alpha MOS', 'HERACLES NEO'], ['Airsense', 'PEN3'], ['Insent', 'TS-5000Z']],
      uses: { huangjiu: '黄酒香气和滋味指纹比对、批次一致性评价' },
      categories: ['testing', 'rnd'],
      price: [150, 300],
      capacity: [20, 60],
      accredited: false,
    },
    {
      key: 'hj-fermenter',
      name: '多联平行发酵罐系统',
      models: [['上海保兴', 'BIOTECH-5BG-4000'], ['迪必尔', 'T&J-MiniBox'], ['赛多利斯', 'BIOSTAT B']],
      uses: { huangjiu: '黄酒发酵条件和菌种小试验证', medicine: '微生物发酵工艺小试优化' },
      categories: ['rnd'],
      price: [100, 300],
      capacity: [4, 12],
      accredited: false,
    },
  ],
  labDomains: [
    { name: '黄酒品质检测', industry: 'huangjiu', categories: ['testing'], tests: ['hj-physchem', 'hj-safety'], topics: [], instruments: ['hplc', 'gcms', 'icpms', 'hj-aa-analyzer'] },
    { name: '黄酒酿造微生物', industry: 'huangjiu', categories: ['rnd', 'testing'], tests: [], topics: ['hj-starter', 'hj-souring'], instruments: ['hj-microbe-id', 'hj-fermenter'] },
    { name: '黄酒风味与新品研发', industry: 'huangjiu', categories: ['rnd'], tests: ['hj-flavor'], topics: ['hj-newproduct', 'hj-aging', 'hj-turbidity'], instruments: ['hj-enose', 'gcms'] },
  ],
  affiliations: [
    { name: '浙江工商大学食品与生物工程学院', region: 'hangzhou', type: 'university' },
    { name: '浙江大学生物系统工程与食品科学学院', region: 'hangzhou', type: 'university' },
    { name: '绍兴文理学院生命与环境科学学院', region: 'yuecheng', type: 'university' },
    { name: '国家黄酒工程技术研究中心', region: 'yuecheng', type: 'institute' },
    { name: '浙江科技大学生物与化学工程学院', region: 'hangzhou', type: 'university' },
    { name: '绍兴职业技术学院', region: 'yuecheng', type: 'college' },
  ],
  formerRoles: ['绍兴某国有黄酒企业总酿造师', '黄酒企业质量部经理', '老字号酒坊开耙师傅', '酒厂技术科长'],
};
