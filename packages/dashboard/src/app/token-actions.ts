/**
 * API tokens on the Settings page (issue 17 §1): list, create (the token shown once, then the
 * list reloads), revoke after a confirmation. Only an admin session asks for them: the token
 * routes answer anyone else 403. Part of the controller; it reaches state only through `set`
 * and `load`.
 */

import { ApiError, errorMessage } from '../api/api-error.js';
import { canManageTokens, type TokenForm, toggledScopes, tokenBodyFromForm } from '../api/api-tokens.js';
import type { ApiClient } from '../api/client.js';
import type { TokenScope } from '../api/token-types.js';
import type { AppState, TokensUi } from './app-state.js';

export interface TokenActions {
  editTokenForm(patch: Partial<TokenForm>): void;
  toggleTokenScope(scope: TokenScope, on: boolean): void;
  createToken(): void;
  /** Copies the token just created to the clipboard. */
  copyNewToken(): void;
  /** Revoke pressed: asks for a confirmation first. */
  askRevokeToken(tokenId: number): void;
  /** The confirmation: `true` revokes, `false` keeps the token. */
  confirmRevokeToken(confirmed: boolean): void;
}

export interface TokenActionContext {
  api: ApiClient;
  state(): AppState;
  set(patch: Partial<AppState>): void;
  load<T>(key: 'tokens', fetcher: () => Promise<T>, reset?: boolean): Promise<boolean>;
  copyText(text: string, what: string): void;
}

/** @example const tokens = createTokenActions({ api, state: () => state, set, load, copyText }) */
export function createTokenActions(ctx: TokenActionContext) {
  const { api } = ctx;
  const ui = () => ctx.state().tokenUi;
  const setUi = (patch: Partial<TokensUi>) => ctx.set({ tokenUi: { ...ui(), ...patch } });

  function loadTokens() {
    if (canManageTokens(ctx.state().scopes)) void ctx.load('tokens', () => api.listTokens());
  }

  const actions: TokenActions = {
    editTokenForm: (patch) => setUi({ form: { ...ui().form, ...patch } }),
    toggleTokenScope(scope, on) {
      const { form } = ui();
      setUi({ form: { ...form, scopes: toggledScopes(form.scopes, scope, on) } });
    },
    createToken() {
      const { form, busy } = ui();
      if (busy) return;
      const result = tokenBodyFromForm(form);
      if (!result.ok) return setUi({ problem: result.problem });
      setUi({ busy: true, problem: undefined, created: undefined });
      api.createToken(result.body).then(
        (created) => {
          setUi({ busy: false, created, form: { ...form, name: '' } });
          ctx.set({ flash: `Token ${created.prefix}… created`, notice: undefined });
          loadTokens();
        },
        (error: unknown) =>
          setUi({ busy: false, problem: error instanceof ApiError ? error.detail : errorMessage(error) }),
      );
    },
    copyNewToken() {
      const created = ui().created;
      if (created) ctx.copyText(created.token, 'token');
    },
    askRevokeToken: (tokenId) => setUi({ confirmRevoke: tokenId }),
    confirmRevokeToken(confirmed) {
      const tokenId = ui().confirmRevoke;
      setUi({ confirmRevoke: undefined });
      if (!confirmed || tokenId === undefined) return;
      api.revokeToken(tokenId).then(
        () => {
          const created = ui().created;
          if (created?.id === tokenId) setUi({ created: undefined });
          ctx.set({ flash: `Token #${tokenId} revoked`, notice: undefined });
          loadTokens();
        },
        (error: unknown) => ctx.set({ notice: errorMessage(error) }),
      );
    },
  };

  return { actions, loadTokens };
}
