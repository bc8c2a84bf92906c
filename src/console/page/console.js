// The local console page: renders what the Slack stand-in knows (/console/state) and sends what a
// user does (/console/command, /console/views/<id>/submit, ...). User and bot text only ever enters
// the DOM through textContent or attribute setters, never as HTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  // The sidebar entry of the app's Home tab (not a channel).
  const HOME = 'HOME';
  const store = window.localStorage;
  const ui = {
    me: store.getItem('console.user') || 'U0PILOT',
    channel: store.getItem('console.channel') || 'C0GENERAL',
    data: null,
    expanded: new Set(),
    // Messages seen per channel, for the unread badges.
    seen: new Map(),
    dismissed: new Set(),
    modalKey: '',
    loading: null,
    reloadAgain: false,
  };

  // ---------- small DOM helpers ----------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function safeHref(url) {
    try {
      const parsed = new URL(url, window.location.href);
      return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : null;
    } catch {
      return null;
    }
  }

  function link(url, text) {
    const href = safeHref(url);
    if (!href) return document.createTextNode(text);
    const a = el('a', 'link', text);
    a.href = href;
    if (new URL(href).origin !== window.location.origin) {
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
    }
    return a;
  }

  function userName(id) {
    if (ui.data && id === ui.data.botUserId) return 'campaign-notebook';
    const user = ui.data && ui.data.users.find((candidate) => candidate.id === id);
    return user ? user.name : id;
  }

  function formatSize(bytes) {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  function formatTime(ts) {
    const date = new Date(Number(String(ts).split('.')[0]) * 1000);
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function compareTs(a, b) {
    const [as, ac] = String(a).split('.').map(Number);
    const [bs, bc] = String(b).split('.').map(Number);
    return as - bs || ac - bc;
  }

  // ---------- mrkdwn ----------

  // Text symbols rather than colour emoji: machines without an emoji font would show boxes.
  const EMOJI = {
    warning: '⚠', white_check_mark: '✔', heavy_check_mark: '✔', x: '✖', no_entry: '⛔', no_entry_sign: '⛔',
    hourglass: '⌛', hourglass_flowing_sand: '⌛', information_source: 'ℹ', question: '?', arrow_right: '→',
  };

  function decodeEntities(text) {
    return text.replace(/&(amp|lt|gt);/g, (_, name) => ({ amp: '&', lt: '<', gt: '>' })[name]);
  }

  function appendText(parent, text, emoji) {
    let value = decodeEntities(text);
    if (emoji) value = value.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] || whole);
    parent.appendChild(document.createTextNode(value));
  }

  // Slack's `<...>` forms: links, user and channel mentions, special mentions.
  function appendAngle(parent, inner) {
    const [target, label] = splitOnce(inner, '|');
    if (target.startsWith('@')) {
      parent.appendChild(el('span', 'mention', `@${label ? decodeEntities(label) : userName(target.slice(1))}`));
    } else if (target.startsWith('#')) {
      const channel = ui.data && ui.data.channels.find((candidate) => candidate.id === target.slice(1));
      parent.appendChild(el('span', 'mention', `#${label ? decodeEntities(label) : channel ? channel.name : target.slice(1)}`));
    } else if (target.startsWith('!')) {
      parent.appendChild(el('span', 'mention', `@${label ? decodeEntities(label) : target.slice(1).split('^')[0]}`));
    } else {
      parent.appendChild(link(decodeEntities(target), decodeEntities(label || target)));
    }
  }

  function splitOnce(text, separator) {
    const at = text.indexOf(separator);
    return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
  }

  // Inline mrkdwn: `code`, <links>, *bold*, _italic_, ~strike~ (bold, italic and strike nest).
  const INLINE = /`([^`\n]+)`|<([^<>\n]+)>|(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])|(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])/g;

  function appendInline(parent, text) {
    let last = 0;
    const pattern = new RegExp(INLINE.source, 'g');
    let match;
    while ((match = pattern.exec(text))) {
      if (match.index > last) appendText(parent, text.slice(last, match.index), true);
      if (match[1] !== undefined) parent.appendChild(el('code', 'inline-code', decodeEntities(match[1])));
      else if (match[2] !== undefined) appendAngle(parent, match[2]);
      else {
        const node = el(match[3] !== undefined ? 'strong' : match[4] !== undefined ? 'em' : 's');
        appendInline(node, match[3] ?? match[4] ?? match[5]);
        parent.appendChild(node);
      }
      last = pattern.lastIndex;
    }
    if (last < text.length) appendText(parent, text.slice(last), true);
  }

  // Block-level mrkdwn: ``` code blocks ``` and > quotes; the rest is inline text with line breaks.
  function renderMrkdwn(text) {
    const root = el('div', 'mrkdwn');
    const parts = String(text).split(/```/);
    parts.forEach((part, index) => {
      if (index % 2 === 1 && index < parts.length - 1) {
        root.appendChild(el('pre', 'code-block', decodeEntities(part.replace(/^\n/, ''))));
        return;
      }
      const chunk = index % 2 === 1 ? '```' + part : part;
      const lines = chunk.split('\n');
      let paragraph = null;
      lines.forEach((line, lineIndex) => {
        const quote = /^(&gt;|>) ?(.*)$/.exec(line);
        if (quote) {
          const block = el('blockquote', 'quote');
          appendInline(block, quote[2]);
          root.appendChild(block);
          paragraph = null;
          return;
        }
        if (!paragraph) {
          paragraph = el('span', 'mrkdwn-text');
          root.appendChild(paragraph);
        } else if (lineIndex > 0) paragraph.appendChild(document.createElement('br'));
        appendInline(paragraph, line);
      });
    });
    return root;
  }

  function renderText(object) {
    if (!object) return el('span');
    if (object.type === 'mrkdwn') return renderMrkdwn(object.text || '');
    const text = String(object.text || '');
    return el('span', 'plain-text', object.emoji === false ? text : text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] || whole));
  }

  function plainOf(object) {
    return object && typeof object.text === 'string' ? object.text : '';
  }

  // ---------- Block Kit ----------

  function renderButton(element, context) {
    const label = plainOf(element.text) || 'Button';
    const classes = `button ${element.style === 'primary' ? 'primary' : element.style === 'danger' ? 'danger' : 'secondary'}`;
    if (element.url && safeHref(element.url)) {
      const a = link(element.url, label);
      a.className = classes;
      return a;
    }
    const button = el('button', classes, label);
    button.type = 'button';
    button.dataset.actionId = element.action_id || '';
    const send = () =>
      post('/console/actions', {
        user: ui.me,
        action: { type: 'button', action_id: element.action_id, text: element.text, value: element.value, ...(element.style ? { style: element.style } : {}) },
        blockId: context.blockId,
        channel: context.channel,
        messageTs: context.messageTs,
        viewId: context.viewId,
      }).then(reload, showTransportError);
    // As in Slack, a button with a confirm object asks first; only "confirm" sends the click.
    button.addEventListener('click', () => (element.confirm ? showConfirm(element.confirm, send) : send()));
    return button;
  }

  function showConfirm(confirm, onConfirm) {
    let root = $('confirm-root');
    if (!root) {
      root = el('div');
      root.id = 'confirm-root';
      document.body.appendChild(root);
    }
    clear(root);
    const backdrop = el('div', 'modal-backdrop');
    const dialog = el('div', 'modal confirm-dialog');
    dialog.setAttribute('role', 'alertdialog');
    dialog.setAttribute('aria-modal', 'true');
    const header = el('div', 'modal-header');
    header.appendChild(el('h2', 'modal-title', plainOf(confirm.title) || 'Are you sure?'));
    dialog.appendChild(header);
    const body = el('div', 'modal-body');
    body.appendChild(renderText(confirm.text || { type: 'plain_text', text: '' }));
    dialog.appendChild(body);
    const footer = el('div', 'modal-footer');
    const close = () => clear(root);
    const deny = el('button', 'button secondary confirm-deny', plainOf(confirm.deny) || 'Cancel');
    deny.type = 'button';
    deny.addEventListener('click', close);
    const ok = el('button', `button ${confirm.style === 'danger' ? 'danger' : 'primary'} confirm-ok`, plainOf(confirm.confirm) || 'Yes');
    ok.type = 'button';
    ok.addEventListener('click', () => {
      close();
      onConfirm();
    });
    footer.appendChild(deny);
    footer.appendChild(ok);
    dialog.appendChild(footer);
    backdrop.appendChild(dialog);
    backdrop.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') close();
    });
    root.appendChild(backdrop);
    setTimeout(() => ok.focus(), 0);
  }

  function renderAccessory(element, context) {
    if (!element) return null;
    if (element.type === 'button') return renderButton(element, context);
    if (element.type === 'image') return el('span', 'image-alt', `[image: ${element.alt_text || ''}]`);
    return el('span', 'unsupported', `[${element.type}]`);
  }

  function renderBlock(block, context) {
    const blockContext = Object.assign({}, context, { blockId: block.block_id });
    switch (block.type) {
      case 'header':
        return el('div', 'block block-header', plainOf(block.text));
      case 'section': {
        const node = el('div', 'block block-section');
        const main = el('div', 'section-main');
        if (block.text) main.appendChild(renderText(block.text));
        if (Array.isArray(block.fields) && block.fields.length > 0) {
          const fields = el('div', 'section-fields');
          for (const field of block.fields) fields.appendChild(el('div', 'section-field')).appendChild(renderText(field));
          main.appendChild(fields);
        }
        node.appendChild(main);
        const accessory = renderAccessory(block.accessory, blockContext);
        if (accessory) node.appendChild(el('div', 'section-accessory')).appendChild(accessory);
        return node;
      }
      case 'context': {
        const node = el('div', 'block block-context');
        for (const element of block.elements || []) {
          if (element.type === 'image') node.appendChild(el('span', 'image-alt', `[${element.alt_text || 'image'}]`));
          else node.appendChild(renderText(element));
        }
        return node;
      }
      case 'divider':
        return el('hr', 'block block-divider');
      case 'actions': {
        const node = el('div', 'block block-actions');
        for (const element of block.elements || []) {
          node.appendChild(element.type === 'button' ? renderButton(element, blockContext) : el('span', 'unsupported', `[${element.type}]`));
        }
        return node;
      }
      case 'image': {
        const node = el('div', 'block block-image');
        node.appendChild(link(block.image_url, `[image: ${block.alt_text || block.image_url}]`));
        return node;
      }
      case 'rich_text':
        return el('div', 'block', collectText(block));
      default:
        return el('div', 'block unsupported', `[unsupported block: ${block.type}]`);
    }
  }

  function collectText(node) {
    if (Array.isArray(node)) return node.map(collectText).join('');
    if (node && typeof node === 'object') return (typeof node.text === 'string' ? node.text : '') + collectText(node.elements || []);
    return '';
  }

  function renderBlocks(blocks, context) {
    const fragment = document.createDocumentFragment();
    for (const block of blocks) fragment.appendChild(renderBlock(block, context));
    return fragment;
  }

  // ---------- channel ----------

  function avatar(id, isBot) {
    const node = el('div', `avatar${isBot ? ' bot' : ''}`, isBot ? 'CN' : userName(id).slice(0, 1).toUpperCase());
    node.setAttribute('aria-hidden', 'true');
    return node;
  }

  function renderFiles(files) {
    const list = el('div', 'files');
    for (const file of files) {
      const card = el('div', 'file-card');
      card.appendChild(el('div', 'file-icon', (file.name.split('.').pop() || 'file').slice(0, 4).toUpperCase()));
      const info = el('div', 'file-info');
      info.appendChild(el('div', 'file-name', file.title || file.name));
      info.appendChild(el('div', 'file-meta', `${file.name} · ${formatSize(file.size)}`));
      card.appendChild(info);
      const download = el('a', 'button secondary small', 'Download');
      download.href = file.url;
      download.setAttribute('download', file.name);
      card.appendChild(download);
      list.appendChild(card);
    }
    return list;
  }

  function renderMessage(message, options) {
    const isBot = message.user === ui.data.botUserId;
    const node = el('div', `message${options.ephemeral ? ' ephemeral' : ''}${options.reply ? ' reply' : ''}`);
    node.dataset.ts = message.ts;
    node.appendChild(avatar(message.user, isBot || options.ephemeral));
    const content = el('div', 'message-content');
    const head = el('div', 'message-head');
    head.appendChild(el('span', 'author', options.ephemeral && message.via === 'slack' ? 'Slackbot' : isBot || options.ephemeral ? 'campaign-notebook' : userName(message.user)));
    if (isBot || (options.ephemeral && message.via !== 'slack')) head.appendChild(el('span', 'app-badge', 'APP'));
    head.appendChild(el('span', 'time', formatTime(message.ts)));
    if (message.edited) head.appendChild(el('span', 'edited', '(edited)'));
    if (!options.ephemeral && ui.data.shortcuts.length > 0) head.appendChild(renderMessageMenu(message));
    content.appendChild(head);
    if (options.ephemeral) {
      const note = el('div', 'ephemeral-note', 'Only visible to you');
      const dismiss = el('button', 'link-button', 'Dismiss');
      dismiss.type = 'button';
      dismiss.addEventListener('click', () => {
        ui.dismissed.add(message.ts);
        renderMessages();
      });
      note.appendChild(dismiss);
      content.appendChild(note);
    }
    const body = el('div', 'message-body');
    if (message.blocks && message.blocks.length > 0) body.appendChild(renderBlocks(message.blocks, { channel: message.channel, messageTs: message.ts }));
    else if (message.text) body.appendChild(renderMrkdwn(message.text));
    content.appendChild(body);
    if (message.files && message.files.length > 0) content.appendChild(renderFiles(message.files));
    if (options.replies && options.replies.length > 0) content.appendChild(renderThread(message, options.replies));
    node.appendChild(content);
    return node;
  }

  // The ⋯ (More actions) menu of a message: the app's message shortcuts, as Slack lists them.
  function renderMessageMenu(message) {
    const wrap = el('span', 'message-menu');
    const toggle = el('button', 'message-menu-toggle', '⋯');
    toggle.type = 'button';
    toggle.title = 'More actions';
    toggle.setAttribute('aria-label', 'More actions');
    const open = ui.menuOpen === message.ts;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.addEventListener('click', () => {
      ui.menuOpen = open ? null : message.ts;
      renderMessages();
    });
    wrap.appendChild(toggle);
    if (open) {
      const menu = el('div', 'menu');
      menu.setAttribute('role', 'menu');
      for (const shortcut of ui.data.shortcuts) {
        const item = el('button', 'menu-item', shortcut.name);
        item.type = 'button';
        item.setAttribute('role', 'menuitem');
        item.addEventListener('click', () => {
          ui.menuOpen = null;
          post('/console/shortcut', { user: ui.me, channel: message.channel, messageTs: message.ts, callbackId: shortcut.callbackId }).then(reload, showTransportError);
        });
        menu.appendChild(item);
      }
      wrap.appendChild(menu);
    }
    return wrap;
  }

  function renderThread(parent, replies) {
    const wrap = el('div', 'thread');
    const open = ui.expanded.has(parent.ts);
    const toggle = el('button', 'thread-toggle', `${open ? '▾' : '▸'} ${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`);
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', String(open));
    toggle.appendChild(el('span', 'thread-last', `Last reply ${formatTime(replies[replies.length - 1].ts)}`));
    toggle.addEventListener('click', () => {
      if (ui.expanded.has(parent.ts)) ui.expanded.delete(parent.ts);
      else ui.expanded.add(parent.ts);
      renderMessages();
    });
    wrap.appendChild(toggle);
    if (open) {
      const list = el('div', 'thread-replies');
      for (const reply of replies) list.appendChild(renderMessage(reply, { reply: true }));
      wrap.appendChild(list);
    }
    return wrap;
  }

  function renderWelcome() {
    const box = el('div', 'welcome');
    box.appendChild(el('h2', null, 'Try the campaign notebook'));
    box.appendChild(el('p', null, 'Type a command in the box below (or click one under it). The bot answers here, as it would in Slack.'));
    const steps = [
      ['/campaign new w07-rc2', 'define a campaign: a form opens; give it a description and submit.'],
      ['/campaign start w07-rc2 step1', 'start a workflow: paste an exclusion list (one data ID a line, e.g. instrument=LSSTCam visit=2025111500226 detector=42) with its reason, or upload a list file.'],
      ['/campaign run CMP-1/1 176261 u_jdoe_step1_20251115T120000Z', 'record the run id and name (or paste the output of bps submit): the status-tool links appear in the workflow\'s thread.'],
      ['/campaign why visit=2025111500226 detector=42', 'which workflows included or excluded this data, and why.'],
      ['/campaign rerun CMP-1/1 step1-again', 'rerun a workflow with modifications: its form opens prefilled (lists by fingerprint); say what changes and why.'],
      ['/campaign clone w07-rc2 w09-rc2', 'clone a campaign (every field prefilled), then /campaign diff CMP-1 CMP-2 to see them side by side.'],
      ['/campaign help', 'every command.'],
    ];
    const list = el('ol', 'welcome-steps');
    for (const [command, what] of steps) {
      const item = el('li');
      const code = el('button', 'command-chip', command);
      code.type = 'button';
      code.addEventListener('click', () => fillComposer(command));
      item.appendChild(code);
      item.appendChild(el('span', null, ` ${what}`));
      list.appendChild(item);
    }
    box.appendChild(list);
    return box;
  }

  function renderMessages() {
    const container = $('messages');
    const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
    const previousTop = container.scrollTop;
    clear(container);
    const data = ui.data;
    if (!data) return;
    if (ui.channel === HOME) {
      container.appendChild(renderHome(data.home));
      return;
    }
    const inChannel = data.messages.filter((message) => message.channel === ui.channel);
    const roots = inChannel.filter((message) => !message.threadTs);
    const replies = new Map();
    for (const message of inChannel) {
      if (!message.threadTs) continue;
      if (!replies.has(message.threadTs)) replies.set(message.threadTs, []);
      replies.get(message.threadTs).push(message);
    }
    const items = roots.map((message) => ({ ts: message.ts, message, ephemeral: false }));
    for (const ephemeral of data.ephemerals) {
      if (ephemeral.channel === ui.channel && !ui.dismissed.has(ephemeral.ts)) items.push({ ts: ephemeral.ts, message: ephemeral, ephemeral: true });
    }
    items.sort((a, b) => compareTs(a.ts, b.ts));
    if (items.length === 0) container.appendChild(renderWelcome());
    let lastDay = '';
    for (const item of items) {
      const day = new Date(Number(item.ts.split('.')[0]) * 1000).toLocaleDateString([], { weekday: 'long', month: 'long', day: 'numeric' });
      if (day !== lastDay) {
        container.appendChild(el('div', 'day-divider')).appendChild(el('span', null, day));
        lastDay = day;
      }
      container.appendChild(renderMessage(item.message, { ephemeral: item.ephemeral, replies: item.ephemeral ? [] : replies.get(item.ts) || [] }));
    }
    if (nearBottom || ui.scrollToBottom) container.scrollTop = container.scrollHeight;
    else container.scrollTop = previousTop;
    ui.scrollToBottom = false;
  }

  // The app's Home tab: what the bot published for this user (views.publish) when they opened it.
  function renderHome(view) {
    const node = el('div', 'home');
    if (!view) {
      node.appendChild(el('p', 'home-empty', 'Opening the Home tab… (the bot publishes it when you open it)'));
      return node;
    }
    node.appendChild(renderBlocks(view.blocks || [], { viewId: 'home' }));
    return node;
  }

  /** Opens the Home tab: Slack tells the bot (app_home_opened), which publishes it. */
  function openHome() {
    post('/console/home', { user: ui.me }).then(reload, showTransportError);
  }

  function renderSidebar() {
    const data = ui.data;
    const select = $('user-select');
    if (select.options.length !== data.users.length) {
      clear(select);
      for (const user of data.users) {
        const option = el('option', null, `@${user.name}`);
        option.value = user.id;
        select.appendChild(option);
      }
    }
    select.value = ui.me;
    const channels = $('channel-list');
    clear(channels);
    for (const channel of data.channels) channels.appendChild(navItem(channel.id, `# ${channel.name}`));
    const apps = $('app-list');
    clear(apps);
    apps.appendChild(navItem(HOME, 'campaign-notebook · Home'));
    const dms = $('dm-list');
    clear(dms);
    dms.appendChild(navItem(data.directChannel, 'campaign-notebook'));
  }

  function navItem(id, label) {
    const item = el('li');
    const button = el('button', `nav-item${id === ui.channel ? ' active' : ''}`, label);
    button.type = 'button';
    const count = ui.data.messages.filter((message) => message.channel === id && !message.threadTs).length;
    if (id === ui.channel || !ui.seen.has(id)) ui.seen.set(id, id === ui.channel ? count : 0);
    const unread = count - ui.seen.get(id);
    if (unread > 0) button.appendChild(el('span', 'nav-count', String(unread)));
    button.addEventListener('click', () => {
      ui.channel = id;
      store.setItem('console.channel', id);
      ui.scrollToBottom = true;
      render();
      if (id === HOME) openHome();
    });
    item.appendChild(button);
    return item;
  }

  function channelLabel() {
    const data = ui.data;
    if (ui.channel === data.directChannel) return { title: 'campaign-notebook', topic: 'direct messages from the bot' };
    if (ui.channel === HOME) return { title: 'campaign-notebook · Home', topic: 'your campaigns, decisions waiting for you, your latest entries' };
    const channel = data.channels.find((candidate) => candidate.id === ui.channel);
    return { title: `# ${channel ? channel.name : ui.channel}`, topic: 'campaigns defined here are followed here' };
  }

  function render() {
    if (!ui.data) return;
    if (ui.channel !== ui.data.directChannel && ui.channel !== HOME && !ui.data.channels.some((channel) => channel.id === ui.channel)) ui.channel = ui.data.channels[0].id;
    renderSidebar();
    const label = channelLabel();
    $('channel-title').textContent = label.title;
    $('channel-topic').textContent = label.topic;
    $('composer').hidden = ui.channel === HOME;
    $('composer-input').placeholder = ui.channel === ui.data.directChannel ? 'Type a command, e.g. /campaign help' : `Message ${label.title} — type /campaign help and press Enter`;
    renderMessages();
    renderModal();
  }

  // ---------- modal ----------

  function renderInputElement(element, blockId) {
    const id = `field-${blockId}`;
    switch (element.type) {
      case 'plain_text_input': {
        const input = element.multiline ? el('textarea', 'input textarea') : el('input', 'input');
        if (!element.multiline) input.type = 'text';
        if (element.multiline) input.rows = 4;
        input.id = id;
        input.name = blockId;
        if (element.initial_value) input.value = element.initial_value;
        if (element.placeholder) input.placeholder = plainOf(element.placeholder);
        if (element.max_length) input.maxLength = element.max_length;
        if (element.min_length) input.minLength = element.min_length;
        return { node: input, read: () => (input.value === '' ? null : input.value) };
      }
      case 'static_select':
      case 'users_select': {
        const select = el('select', 'input select');
        select.id = id;
        select.name = blockId;
        const empty = el('option', null, plainOf(element.placeholder) || 'Choose');
        empty.value = '';
        select.appendChild(empty);
        const options = element.type === 'users_select'
          ? ui.data.users.map((user) => ({ value: user.id, label: `@${user.name}` }))
          : (element.options || []).map((option) => ({ value: option.value, label: plainOf(option.text) }));
        for (const option of options) {
          const node = el('option', null, option.label);
          node.value = option.value;
          select.appendChild(node);
        }
        const initial = element.type === 'users_select' ? element.initial_user : element.initial_option && element.initial_option.value;
        if (initial) select.value = initial;
        return { node: select, read: () => select.value || null };
      }
      case 'multi_static_select':
      case 'multi_users_select': {
        const box = el('div', 'checks');
        box.id = id;
        const options = element.type === 'multi_users_select'
          ? ui.data.users.map((user) => ({ value: user.id, label: `@${user.name}` }))
          : (element.options || []).map((option) => ({ value: option.value, label: plainOf(option.text) }));
        const initial = element.type === 'multi_users_select' ? element.initial_users || [] : (element.initial_options || []).map((option) => option.value);
        for (const option of options) {
          const label = el('label', 'check');
          const input = el('input');
          input.type = 'checkbox';
          input.value = option.value;
          input.name = blockId;
          input.checked = initial.includes(option.value);
          label.appendChild(input);
          label.appendChild(el('span', null, option.label));
          box.appendChild(label);
        }
        return { node: box, read: () => [...box.querySelectorAll('input:checked')].map((input) => input.value) };
      }
      case 'file_input':
        return renderFileInput(element, blockId, id);
      default:
        return { node: el('div', 'unsupported', `[unsupported input: ${element.type}]`), read: () => null };
    }
  }

  function renderFileInput(element, blockId, id) {
    const box = el('div', 'file-input');
    const uploaded = [];
    const input = el('input');
    input.type = 'file';
    input.id = id;
    input.name = blockId;
    if (element.filetypes && element.filetypes.length > 0) input.accept = element.filetypes.map((type) => `.${type}`).join(',');
    if ((element.max_files || 10) > 1) input.multiple = true;
    const drop = el('label', 'file-drop');
    drop.htmlFor = id;
    drop.appendChild(el('span', 'file-drop-title', 'Choose a file'));
    drop.appendChild(el('span', 'file-drop-sub', 'it is uploaded to the stand-in, which serves it to the bot as Slack does'));
    const list = el('div', 'file-list');
    box.appendChild(input);
    box.appendChild(drop);
    box.appendChild(list);
    const pending = new Set();
    input.addEventListener('change', () => {
      const files = [...input.files].slice(0, (element.max_files || 10) - uploaded.length);
      for (const file of files) {
        const row = el('div', 'file-row uploading', `${file.name} · ${formatSize(file.size)} · uploading…`);
        list.appendChild(row);
        const upload = fetch(`/console/files?name=${encodeURIComponent(file.name)}&user=${encodeURIComponent(ui.me)}`, { method: 'POST', body: file })
          .then((response) => response.json().then((body) => {
            if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
            uploaded.push(body.id);
            row.className = 'file-row uploaded';
            row.textContent = `✓ ${body.name} · ${formatSize(body.size)}`;
            const remove = el('button', 'link-button', 'Remove');
            remove.type = 'button';
            remove.addEventListener('click', () => {
              uploaded.splice(uploaded.indexOf(body.id), 1);
              row.remove();
            });
            row.appendChild(remove);
          }))
          .catch((error) => {
            row.className = 'file-row failed';
            row.textContent = `${file.name}: upload failed (${error.message})`;
          })
          .finally(() => pending.delete(upload));
        pending.add(upload);
      }
      input.value = '';
    });
    return { node: box, read: () => ({ fileIds: uploaded.slice() }), pending: () => Promise.all([...pending]) };
  }

  function renderModal() {
    const root = $('modal-root');
    const views = ui.data.views;
    const top = views[views.length - 1];
    if (!top) {
      clear(root);
      ui.modalKey = '';
      return;
    }
    const key = `${top.id}:${top.hash}`;
    if (key !== ui.modalKey) {
      ui.modalKey = key;
      clear(root);
      root.appendChild(buildModal(top));
    }
    applyErrors(top.errors || {});
  }

  function buildModal(entry) {
    const view = entry.view;
    const backdrop = el('div', 'modal-backdrop');
    const modal = el('div', 'modal');
    modal.setAttribute('role', 'dialog');
    modal.setAttribute('aria-modal', 'true');
    modal.dataset.viewId = entry.id;
    modal.dataset.callbackId = view.callback_id || '';
    const header = el('div', 'modal-header');
    const title = el('h2', 'modal-title', plainOf(view.title));
    title.id = 'modal-title';
    modal.setAttribute('aria-labelledby', 'modal-title');
    header.appendChild(title);
    const close = el('button', 'modal-close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', 'Close');
    close.addEventListener('click', () => closeView(entry.id));
    header.appendChild(close);
    modal.appendChild(header);

    const body = el('form', 'modal-body');
    body.noValidate = true;
    const readers = [];
    for (const block of view.blocks || []) {
      if (block.type !== 'input') {
        body.appendChild(renderBlock(block, { viewId: entry.id }));
        continue;
      }
      const blockId = block.block_id;
      const field = el('div', 'field');
      field.dataset.blockId = blockId;
      const label = el('label', 'field-label', plainOf(block.label));
      label.htmlFor = `field-${blockId}`;
      if (block.optional) label.appendChild(el('span', 'optional', ' (optional)'));
      field.appendChild(label);
      const input = renderInputElement(block.element || {}, blockId);
      field.appendChild(input.node);
      if (block.hint) field.appendChild(el('div', 'field-hint', plainOf(block.hint)));
      const error = el('div', 'field-error');
      error.setAttribute('role', 'alert');
      field.appendChild(error);
      body.appendChild(field);
      readers.push({ blockId, optional: Boolean(block.optional), input, field });
    }
    modal.appendChild(body);

    const banner = el('div', 'modal-banner');
    banner.setAttribute('role', 'alert');
    modal.appendChild(banner);

    const footer = el('div', 'modal-footer');
    const cancel = el('button', 'button secondary', plainOf(view.close) || 'Cancel');
    cancel.type = 'button';
    cancel.addEventListener('click', () => closeView(entry.id));
    footer.appendChild(cancel);
    if (view.submit) {
      const submit = el('button', 'button primary', plainOf(view.submit));
      submit.type = 'button';
      submit.className = 'button primary modal-submit';
      submit.addEventListener('click', () => submitView(entry, readers, submit, banner));
      footer.appendChild(submit);
      body.addEventListener('submit', (event) => {
        event.preventDefault();
        submit.click();
      });
    }
    modal.appendChild(footer);
    backdrop.appendChild(modal);
    backdrop.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') closeView(entry.id);
    });
    setTimeout(() => {
      const first = modal.querySelector('input:not([type=file]), textarea, select');
      if (first) first.focus();
    }, 0);
    return backdrop;
  }

  function applyErrors(errors) {
    let first = null;
    for (const field of document.querySelectorAll('#modal-root .field')) {
      const message = errors[field.dataset.blockId] || '';
      const node = field.querySelector('.field-error');
      if (message && node.textContent !== message && !first) first = field;
      field.classList.toggle('has-error', Boolean(message));
      node.textContent = message;
    }
    // A new error is brought into view, as Slack does.
    if (first) first.scrollIntoView({ block: 'center' });
  }

  async function submitView(entry, readers, button, banner) {
    banner.textContent = '';
    // Slack checks required fields itself before anything is sent.
    const missing = {};
    const values = {};
    for (const reader of readers) {
      if (reader.input.pending) await reader.input.pending();
      const value = reader.input.read();
      values[reader.blockId] = value;
      const empty = value === null || (Array.isArray(value) && value.length === 0) || (value && value.fileIds && value.fileIds.length === 0);
      if (!reader.optional && empty) missing[reader.blockId] = 'Please complete this required field.';
    }
    if (Object.keys(missing).length > 0) {
      applyErrors(missing);
      return;
    }
    applyErrors({});
    button.disabled = true;
    const label = button.textContent;
    button.textContent = 'Submitting…';
    try {
      const result = await post(`/console/views/${entry.id}/submit`, { user: ui.me, values });
      if (result.status !== 200) banner.textContent = `We had some trouble connecting: the app answered HTTP ${result.status}. Try again?`;
    } catch (error) {
      banner.textContent = `We had some trouble connecting (${error.message}). Try again?`;
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
    await reload();
  }

  function closeView(viewId) {
    post(`/console/views/${viewId}/close`, { user: ui.me }).then(reload, showTransportError);
  }

  // ---------- composer ----------

  const SHORTCUTS = ['/campaign help', '/campaign new ', '/campaign start ', '/campaign list', '/campaign show ', '/campaign run ', '/campaign why ', '/campaign history ', '/campaign export ', '/campaign rerun ', '/campaign clone ', '/campaign diff '];

  function fillComposer(text) {
    const input = $('composer-input');
    input.value = text;
    input.focus();
    input.setSelectionRange(text.length, text.length);
    autosize();
  }

  function autosize() {
    const input = $('composer-input');
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
  }

  async function send() {
    const input = $('composer-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    autosize();
    ui.scrollToBottom = true;
    try {
      if (text.startsWith('/')) await post('/console/command', { user: ui.me, channel: ui.channel, text });
      else await post('/console/message', { user: ui.me, channel: ui.channel, text });
    } catch (error) {
      showTransportError(error);
    }
    await reload();
  }

  // ---------- transport ----------

  async function post(path, body) {
    const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(json.error || `HTTP ${response.status}`);
    return json;
  }

  function showTransportError(error) {
    const status = $('connection');
    status.textContent = `error: ${error.message}`;
    status.className = 'connection offline';
  }

  function reload() {
    if (ui.loading) {
      ui.reloadAgain = true;
      return ui.loading;
    }
    const viewer = ui.me;
    ui.loading = fetch(`/console/state?user=${encodeURIComponent(viewer)}`, { cache: 'no-store' })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      })
      .then((data) => {
        ui.data = data;
        if (!data.users.some((user) => user.id === ui.me)) {
          ui.me = data.users[0].id;
          ui.reloadAgain = true;
          return;
        }
        document.body.dataset.version = String(data.version);
        // Whose view is on screen: tests wait for it after switching user.
        document.body.dataset.viewer = viewer;
        render();
      })
      .catch(showTransportError)
      .finally(() => {
        ui.loading = null;
        if (ui.reloadAgain) {
          ui.reloadAgain = false;
          reload();
        }
      });
    return ui.loading;
  }

  function connect() {
    const status = $('connection');
    const source = new EventSource('/console/events');
    source.onopen = () => {
      status.textContent = 'live';
      status.className = 'connection online';
    };
    source.onmessage = (event) => {
      if (!ui.data || Number(event.data) !== ui.data.version) reload();
    };
    source.onerror = () => {
      status.textContent = 'reconnecting…';
      status.className = 'connection offline';
    };
  }

  function start() {
    const shortcuts = $('shortcuts');
    for (const command of SHORTCUTS) {
      const chip = el('button', 'command-chip', command.trim());
      chip.type = 'button';
      chip.addEventListener('click', () => fillComposer(command));
      shortcuts.appendChild(chip);
    }
    $('composer').addEventListener('submit', (event) => {
      event.preventDefault();
      send();
    });
    $('composer-input').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        send();
      }
    });
    $('composer-input').addEventListener('input', autosize);
    $('user-select').addEventListener('change', (event) => {
      ui.me = event.target.value;
      store.setItem('console.user', ui.me);
      ui.modalKey = '';
      reload();
      if (ui.channel === HOME) openHome();
    });
    // As in Slack, reloading the page drops the forms that were open in it.
    reload()
      .then(() => Promise.all(ui.data ? ui.data.views.map((view) => post(`/console/views/${view.id}/close`, { user: ui.me })) : []))
      .then(() => reload(), showTransportError);
    connect();
    if (ui.channel === HOME) openHome();
  }

  start();
})();
