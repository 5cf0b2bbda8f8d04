// Planned vs completed vs received investment (计划/完成/到位) as of the end of the chosen month, from
// progress-service's own GET /funding-totals. The document's figures and the unallocated difference are
// project-service's: the page links to that service's console instead of fetching across origins.
Console.addTexts({
    zh: {
        'page.title': '资金看板',
        'page.intro': '截至所选月份月末的累计完成投资与资金到位（各项目该月及以前最近一次报送），对照年度计划。金额单位：万元（由精确到分的元数四舍五入到两位小数；合计由精确合计数取整，导出文件保留元）。',
        'groupBy': '分组', 'groupBy.programme': '按工程', 'groupBy.source': '按资金来源', 'groupBy.lead-unit': '按牵头单位',
        'link.plan': '文件数、已登记数与未分配差额 →',
        'col.group': '分组', 'col.planned': '计划投资（万元）', 'col.completed': '完成投资（万元）', 'col.received': '资金到位（万元）',
        'col.completionRate': '完成率', 'col.reporting': '已报送项目',
        'card.planned': '年度计划', 'card.completed': '累计完成投资', 'card.received': '累计资金到位', 'card.rate': '投资完成率',
        'series.planned': '计划投资', 'series.completed': '完成投资', 'series.received': '资金到位',
        'unassigned': '未指定牵头单位',
    },
    en: {
        'page.title': 'Funding dashboard',
        'page.intro': 'Cumulative completed and received investment at the end of the chosen month (each project\'s latest report up to that month), against the annual plan. Amounts in 10k yuan (万元), rounded to two decimals from the exact yuan; totals are rounded from exact sums; downloads keep exact yuan.',
        'groupBy': 'Group by', 'groupBy.programme': 'Programme', 'groupBy.source': 'Funding source', 'groupBy.lead-unit': 'Lead unit',
        'link.plan': 'Document figures, registered sums and unallocated difference →',
        'col.group': 'Group', 'col.planned': 'Planned (10k yuan)', 'col.completed': 'Completed (10k yuan)', 'col.received': 'Received (10k yuan)',
        'col.completionRate': 'Completion rate', 'col.reporting': 'Projects reporting',
        'card.planned': 'Annual plan', 'card.completed': 'Completed investment', 'card.received': 'Funds received', 'card.rate': 'Completion rate',
        'series.planned': 'Planned', 'series.completed': 'Completed', 'series.received': 'Received',
        'unassigned': 'No lead unit',
    },
});

const period = document.getElementById('period');
const groupBy = document.getElementById('group-by');
let current = null;

function label(row) {
    if (current.groupBy === 'source' && row.key) {
        return Console.t('source.' + row.key);
    }
    return row.label || Console.t('unassigned');
}

function cells(row) {
    const {el, format} = Console;
    return [
        el('td', {class: 'num', 'data-col': 'planned'}, format.wan(row.planned)),
        el('td', {class: 'num', 'data-col': 'completed'}, format.wan(row.completed)),
        el('td', {class: 'num', 'data-col': 'received'}, format.wan(row.received)),
        el('td', {class: 'num', 'data-col': 'completionRate'}, format.rate(row.completionRate)),
        el('td', {class: 'num', 'data-col': 'reporting'}, row.reporting + ' / ' + row.projects),
    ];
}

function render() {
    if (!current) {
        return;
    }
    const {el, t, format} = Console;
    const total = current.total;
    const card = (id, key, value, unit) => el('div', {class: 'card', id},
        el('div', {class: 'label'}, t(key)), el('div', {class: 'value'}, value, el('span', {class: 'unit'}, unit)));
    document.getElementById('funding-total').replaceChildren(
        card('total-planned', 'card.planned', format.wan(total.planned), t('unit.wan')),
        card('total-completed', 'card.completed', format.wan(total.completed), t('unit.wan')),
        card('total-received', 'card.received', format.wan(total.received), t('unit.wan')),
        card('total-rate', 'card.rate', format.rate(total.completionRate), ''));
    const rows = current.groups.map(row => el('tr', {'data-key': row.key ?? ''}, el('td', {}, label(row)), cells(row)));
    rows.push(el('tr', {class: 'total', 'data-key': 'total'}, el('td', {}, t('total')), cells(total)));
    document.querySelector('#funding-table tbody').replaceChildren(...rows);
    Console.barChart(document.getElementById('funding-chart'), current.groups.map(label), [
        {name: t('series.planned'), values: current.groups.map(r => r.planned)},
        {name: t('series.completed'), values: current.groups.map(r => r.completed)},
        {name: t('series.received'), values: current.groups.map(r => r.received)},
    ]);
}

const beginLoad = Console.newestLoad();

async function load() {
    const newest = beginLoad();
    try {
        const {body} = await Console.api('/funding-totals?groupBy=' + encodeURIComponent(groupBy.value)
            + '&period=' + encodeURIComponent(period.value));
        if (newest()) {
            current = body;
            render();
        }
    } catch (e) {
        if (newest()) {
            Console.showError(e);
        }
    }
}

document.getElementById('plan-link').href = Console.serviceUrl('project-service') + '/console/funding.html';
period.addEventListener('change', load);
groupBy.addEventListener('change', load);
Console.onLanguage(render);
Console.startWithPeriods('progress-service', '/console/funding.html', [period], load);
