import { render } from 'preact';
import { SidePanelApp } from '../../components/sidepanel/SidePanelApp.tsx';
import '../../components/panel.css';

const root = document.getElementById('app');
if (root) render(<SidePanelApp />, root);
