import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import antdZhCN from 'antd/locale/zh_CN';
import antdEn from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { I18nProvider, useI18n } from './i18n';
import { SessionProvider } from './auth';
import { AppRoutes } from './routes';
import { ApiError } from './api/client';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; network hiccups may.
      retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2,
      refetchOnWindowFocus: true,
    },
  },
});

// Antd's zoom and slide animations are off for people who ask their system for reduced motion (WCAG 2.3.3):
// for them a dialog is simply there, and nothing moves under the pointer while it opens.
const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';
const subscribeReducedMotion = (onChange: () => void) => {
  const q = window.matchMedia(REDUCED_MOTION);
  q.addEventListener('change', onChange);
  return () => q.removeEventListener('change', onChange);
};
const prefersReducedMotion = () => window.matchMedia(REDUCED_MOTION).matches;

function Themed() {
  const { lang } = useI18n();
  const reducedMotion = useSyncExternalStore(subscribeReducedMotion, prefersReducedMotion);
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? antdZhCN : antdEn}
      theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 4, motion: !reducedMotion } }}
    >
      <AntApp>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <I18nProvider>
          <Themed />
        </I18nProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
