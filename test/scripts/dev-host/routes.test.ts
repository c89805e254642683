import { describe, expect, it } from 'vitest';
import { compileRoute, matchRoute, pickRoute } from '../../../scripts/dev-host/routes.js';

describe('HTTP trigger route templates', () => {
  it('matches literals case-insensitively and decodes parameters', () => {
    const r = compileRoute('api/monitors/{name}');
    expect(matchRoute(r, 'API/Monitors/credit%20default')).toEqual({ name: 'credit default' });
    expect(matchRoute(r, 'api/monitors')).toBeUndefined();
    expect(matchRoute(r, 'api/monitors/a/b')).toBeUndefined();
  });

  it('supports optional parameters, constraints and catch-alls', () => {
    expect(matchRoute(compileRoute('api/monitors/{name?}'), 'api/monitors')).toEqual({});
    expect(matchRoute(compileRoute('api/monitors/{name?}'), 'api/monitors/m')).toEqual({ name: 'm' });
    const action = compileRoute('api/monitors/{name}/{action:alpha}');
    expect(matchRoute(action, 'api/monitors/m/enable')).toEqual({ name: 'm', action: 'enable' });
    expect(matchRoute(action, 'api/monitors/m/123')).toBeUndefined();
    const all = compileRoute('{*path}');
    expect(matchRoute(all, '')).toEqual({});
    expect(matchRoute(all, 'a/b%2Fc/index.html')).toEqual({ path: 'a/b/c/index.html' });
    expect(() => compileRoute('x/{id:regex(^a$)}')).toThrow(/unsupported segment/);
    expect(() => compileRoute('x/{id:bogus}')).toThrow(/unsupported constraint/);
  });

  it('picks the most specific route: literals, then constrained, then free parameters, catch-all last', () => {
    const routes = [
      '{*path}',
      'api/monitors/{name}/{action:alpha}',
      'api/monitors/{name}/{other}',
      'api/monitors/{name}/runs',
    ].map((t) => ({ route: compileRoute(t) }));
    const pick = (p: string): string | undefined => pickRoute(routes, p)?.entry.route.template;
    expect(pick('api/monitors/m/runs')).toBe('api/monitors/{name}/runs');
    expect(pick('api/monitors/m/enable')).toBe('api/monitors/{name}/{action:alpha}');
    expect(pick('api/monitors/m/42')).toBe('api/monitors/{name}/{other}');
    expect(pick('index.html')).toBe('{*path}');
    expect(pickRoute(routes.slice(1), 'index.html')).toBeUndefined();
  });
});
