import { render } from 'preact';
import { PopupApp } from '../../components/popup/PopupApp.tsx';
import '../../components/panel.css';

const root = document.getElementById('app');
if (root) render(<PopupApp />, root);
