// Planned funding (计划资金) as project-service registers it, beside the document's figures: per programme,
// source, lead unit or category, and for the whole plan the document's 65.03 亿元 vs the 65.00 its programme
// figures add up to. Completed and received money is progress-service's: the page links to its dashboard.
Console.addTexts({
    zh: {
        'page.title': '计划资金（项目库）',
        'page.intro': '所选年度的计划投资：文件数、各项目已登记的年度计划之和，以及二者的差额（未分配）。金额单位：元。',
        'year': '年度', 'year.option': '{year}年度',
        'groupBy': '分组', 'groupBy.programme': '按工程', 'groupBy.source': '按资金来源',
        'groupBy.lead-unit': '按牵头单位', 'groupBy.category': '按项目类别',
        'link.actuals': '完成投资与资金到位 →',
        'col.group': '分组', 'col.documentFigure': '文件数（元）', 'col.registeredPlan': '已登记（元）',
        'col.unallocated': '未分配差额（元）', 'col.projects': '项目数', 'col.projectsWithPlan': '已登记金额的项目',
        'total.documentAnnualPlan': '文件年度计划', 'total.documentProgrammeSum': '十大工程之和',
        'total.roundingGap': '文件取整差', 'total.registeredPlan': '已登记计划', 'total.unallocated': '未分配差额',
        'total.projects': '已登记金额的项目', 'series.document': '文件数', 'series.registered': '已登记',
        'unassigned': '未指定牵头单位',
    },
    en: {
        'page.title': 'Planned funding (registry)',
        'page.intro': 'The chosen plan year\'s planned investment: the document\'s figure, the sum of the annual plans registered for its projects, and the difference (unallocated). Amounts in yuan.',
        'year': 'Plan year', 'year.option': '{year}',
        'groupBy': 'Group by', 'groupBy.programme': 'Programme', 'groupBy.source': 'Funding source',
        'groupBy.lead-unit': 'Lead unit', 'groupBy.category': 'Category',
        'link.actuals': 'Completed and received investment →',
        'col.group': 'Group', 'col.documentFigure': 'Document (yuan)', 'col.registeredPlan': 'Registered (yuan)',
        'col.unallocated': 'Unallocated (yuan)', 'col.projects': 'Projects', 'col.projectsWithPlan': 'Projects with a plan',
        'total.documentAnnualPlan': 'Document annual plan', 'total.documentProgrammeSum': 'Sum of the ten programmes',
        'total.roundingGap': 'Document rounding gap', 'total.registeredPlan': 'Registered plan', 'total.unallocated': 'Unallocated',
        'total.projects': 'Projects with a plan', 'series.document': 'Document', 'series.registered': 'Registered',
        'unassigned': 'No lead unit',
    },
});

const groupBy = document.getElementById('group-by');
const year = document.getElementById('year');
let current = null;

function label(groupKind, group) {
    if (groupKind === 'source' && group.key) {
        return Console.t('source.' + group.key);
    }
    if (Console.lang() === 'en' && groupKind === 'programme' && group.key) {
        return group.key + ' ' + group.label;
    }
    return group.label || Console.t('unassigned');
}

function card(id, labelKey, value, unit) {
    const {el, t} = Console;
    return el('div', {class: 'card', id},
        el('div', {class: 'label'}, t(labelKey)),
        el('div', {class: 'value'}, value, el('span', {class: 'unit'}, unit)));
}

function render() {
    if (!current) {
        return;
    }
    const {el, t, format} = Console;
    const total = current.total;
    document.getElementById('plan-total').replaceChildren(
        card('total-document', 'total.documentAnnualPlan', format.yi(total.documentAnnualPlan), t('unit.yi')),
        card('total-programme-sum', 'total.documentProgrammeSum', format.yi(total.documentProgrammeSum), t('unit.yi')),
        card('total-rounding-gap', 'total.roundingGap', format.yi(total.roundingGap), t('unit.yi')),
        card('total-registered', 'total.registeredPlan', format.yuan(total.registeredPlan), t('unit.yuan')),
        card('total-unallocated', 'total.unallocated', format.yuan(total.unallocated), t('unit.yuan')),
        card('total-projects', 'total.projects', total.projectsWithPlan + ' / ' + total.projectCount, ''));
    const rows = current.groups.map(g => el('tr', {'data-key': g.key ?? ''},
        el('td', {}, label(current.groupBy, g)),
        el('td', {class: 'num', 'data-col': 'documentFigure'}, format.yuan(g.documentFigure)),
        el('td', {class: 'num', 'data-col': 'registeredPlan'}, format.yuan(g.registeredPlan)),
        el('td', {class: 'num', 'data-col': 'unallocated'}, format.yuan(g.unallocated)),
        el('td', {class: 'num', 'data-col': 'projectCount'}, g.projectCount),
        el('td', {class: 'num', 'data-col': 'projectsWithPlan'}, g.projectsWithPlan)));
    rows.push(el('tr', {class: 'total', 'data-key': 'total'},
        el('td', {}, t('total')),
        el('td', {class: 'num', 'data-col': 'documentFigure'}, format.yuan(total.documentAnnualPlan)),
        el('td', {class: 'num', 'data-col': 'registeredPlan'}, format.yuan(total.registeredPlan)),
        el('td', {class: 'num', 'data-col': 'unallocated'}, format.yuan(total.unallocated)),
        el('td', {class: 'num', 'data-col': 'projectCount'}, total.projectCount),
        el('td', {class: 'num', 'data-col': 'projectsWithPlan'}, total.projectsWithPlan)));
    document.querySelector('#funding-table tbody').replaceChildren(...rows);
    const series = [{name: t('series.registered'), values: current.groups.map(g => g.registeredPlan)}];
    if (current.groups.some(g => g.documentFigure !== null)) {
        series.unshift({name: t('series.document'), values: current.groups.map(g => g.documentFigure)});
    }
    Console.barChart(document.getElementById('funding-chart'), current.groups.map(g => label(current.groupBy, g)), series);
}

const beginLoad = Console.newestLoad();

async function load() {
    const newest = beginLoad();
    try {
        const chosen = year.value || new URLSearchParams(location.search).get('year');
        const {body} = await Console.api('/funding-totals?groupBy=' + encodeURIComponent(groupBy.value)
            + (chosen ? '&year=' + encodeURIComponent(chosen) : ''));
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

/** The plan years as the registry holds them; without a choice the service answers for the year under way. */
async function loadYears() {
    try {
        const {body: years} = await Console.api('/plan-years');
        await load();
        year.replaceChildren(...years.map(y => Console.el('option', {value: y.year, selected: current && y.year === current.year},
            Console.t('year.option', {year: y.year}))));
    } catch (e) {
        Console.showError(e);
    }
}

document.getElementById('actuals-link').href = Console.serviceUrl('progress-service') + '/console/funding.html';
groupBy.addEventListener('change', load);
year.addEventListener('change', load);
Console.onLanguage(render);
Console.start('project-service', '/console/funding.html', loadYears);
