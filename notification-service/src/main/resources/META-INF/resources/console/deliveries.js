// The delivery log under the alert console's detail panel (GET /alerts/{id}/deliveries): who was told of the
// selected alert, by which channel, when, in how many attempts, and how it ended. Kept apart from alerts.js: it
// follows the panel's data-alert attribute, so the alert page needs only this script tag.
Console.addTexts({
    zh: {
        'dlv.title': '送达记录', 'dlv.none': '尚无送达记录。', 'dlv.recipient': '接收人', 'dlv.channel': '渠道', 'dlv.change': '变更',
        'dlv.state': '结果', 'dlv.attempts': '尝试次数', 'dlv.sentAt': '送达时间', 'dlv.error': '最近错误', 'dlv.digest': '（汇总）',
        'dlv.state.PENDING': '待发送', 'dlv.state.AWAITING_DIGEST': '待汇总', 'dlv.state.IN_DIGEST': '汇总发送中',
        'dlv.state.SENT': '已送达', 'dlv.state.FAILED': '失败', 'dlv.state.CANCELLED': '已取消',
        'dlv.type.AlertRaised': '新预警', 'dlv.type.AlertEscalated': '预警升级', 'dlv.type.AlertUpdated': '预警更新',
        'dlv.type.AlertAcknowledged': '已确认', 'dlv.type.AlertResolved': '已解决', 'dlv.type.AlertReassigned': '转交',
        'dlv.type.AlertAnswered': '单位答复', 'dlv.type.AnswerReturned': '答复退回',
    },
    en: {
        'dlv.title': 'Deliveries', 'dlv.none': 'Nobody told yet.', 'dlv.recipient': 'Recipient', 'dlv.channel': 'Channel',
        'dlv.change': 'Change', 'dlv.state': 'Outcome', 'dlv.attempts': 'Attempts', 'dlv.sentAt': 'Delivered', 'dlv.error': 'Last error',
        'dlv.digest': ' (digest)', 'dlv.state.PENDING': 'pending', 'dlv.state.AWAITING_DIGEST': 'awaiting digest',
        'dlv.state.IN_DIGEST': 'in a digest', 'dlv.state.SENT': 'delivered', 'dlv.state.FAILED': 'failed', 'dlv.state.CANCELLED': 'cancelled',
        'dlv.type.AlertRaised': 'raised', 'dlv.type.AlertEscalated': 'escalated', 'dlv.type.AlertUpdated': 'updated',
        'dlv.type.AlertAcknowledged': 'acknowledged', 'dlv.type.AlertResolved': 'resolved', 'dlv.type.AlertReassigned': 'reassigned',
        'dlv.type.AlertAnswered': 'answered', 'dlv.type.AnswerReturned': 'answer returned',
    },
});

(() => {
    const panel = document.getElementById('detail');
    if (!panel) {
        return;
    }
    const section = Console.el('div', {id: 'deliveries'});
    panel.append(section);
    let shown = null;

    async function load(alertId) {
        const {el, t, format} = Console;
        let rows;
        try {
            rows = (await Console.api('/alerts/' + alertId + '/deliveries')).body;
        } catch (e) {
            section.replaceChildren();
            return;
        }
        section.replaceChildren(el('h2', {}, t('dlv.title')), rows.length === 0 ? el('p', {class: 'muted'}, t('dlv.none'))
            : el('table', {}, el('thead', {}, el('tr', {}, ...['dlv.recipient', 'dlv.channel', 'dlv.change', 'dlv.state',
                    'dlv.attempts', 'dlv.sentAt', 'dlv.error'].map(k => el('th', {}, t(k))))),
                el('tbody', {}, ...rows.map(d => el('tr', {'data-delivery': d.id, 'data-state': d.state},
                    el('td', {}, d.recipient), el('td', {}, d.channel), el('td', {}, (d.eventType ? t('dlv.type.' + d.eventType) : '') + (d.digestId ? t('dlv.digest') : '')),
                    el('td', {}, t('dlv.state.' + d.state)), el('td', {class: 'num'}, d.attempts),
                    el('td', {}, d.sentAt ? format.time(d.sentAt) : ''), el('td', {class: 'muted'}, d.lastError || ''))))));
    }

    new MutationObserver(() => {
        const id = panel.hidden ? null : panel.dataset.alert;
        if (id && id !== shown) {
            shown = id;
            load(id);
        }
    }).observe(panel, {attributes: true, attributeFilter: ['data-alert', 'hidden']});
})();
