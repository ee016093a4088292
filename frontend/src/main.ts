import { mount } from 'svelte';
import { get } from 'svelte/store';
import './app.css';
import App from './App.svelte';
import { lang, loadEnglish } from './lib/i18n';

// An English user waits for the English dictionary (a small file) rather
// than seeing Vietnamese first; if it cannot load, Vietnamese it is.
const ready = get(lang) === 'en' ? loadEnglish().catch(() => {}) : Promise.resolve();
ready.then(() => {
  const target = document.getElementById('app')!;
  target.textContent = '';
  mount(App, { target });
});
