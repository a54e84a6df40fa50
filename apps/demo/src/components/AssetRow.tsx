/** One folder or dashboard of the listing, with its actions greyed out when not allowed (MODEL A12). */
import type { Resource } from '../api';
import { userName } from '../names';
import type { AssetDialogKind } from '../screens/Dashboards';
import { titleOf } from '../util';
import { ActionButton } from './ActionButton';
import { Watch } from './BellActivity';
import { Greyed } from './Greyed';
import { Icon } from './Icon';
import { useViewAsRefusal } from './surveys/ChangeGuard';

export const SHARING_LABEL: Record<string, string> = {
  private: 'Private',
  'public-view': 'Public: view',
  'public-view-share': 'Public: view and share',
  'public-view-edit': 'Public: view and edit',
  specific: 'Specific people',
};

/** The actions of an asset and what each needs (MODEL K4: admin ⇒ edit, share ⇒ view). */
export const ASSET_ACTIONS: readonly {
  kind: AssetDialogKind;
  I: string;
  label: string;
  icon: 'view' | 'edit' | 'share' | 'move' | 'delete' | 'permissions';
}[] = [
  { kind: 'view', I: 'view', label: 'View', icon: 'view' },
  { kind: 'edit', I: 'edit', label: 'Edit', icon: 'edit' },
  { kind: 'share', I: 'share', label: 'Share', icon: 'share' },
  { kind: 'move', I: 'admin', label: 'Move', icon: 'move' }, // MODEL A10
  { kind: 'delete', I: 'admin', label: 'Delete', icon: 'delete' },
  { kind: 'permissions', I: 'admin', label: 'Manage permissions', icon: 'permissions' },
];

export interface AssetRowProps {
  readonly asset: Resource;
  readonly selected: boolean;
  /** The selection is at its maximum (MODEL A10). */
  readonly full: boolean;
  /** Why this user may select nothing to move (MODEL A10), or null. */
  readonly selectRefusal?: string | null;
  onToggle(): void;
  onOpenFolder(): void;
  onAction(kind: AssetDialogKind): void;
}

export function AssetRow({
  asset,
  selected,
  full,
  selectRefusal = null,
  onToggle,
  onOpenFolder,
  onAction,
}: AssetRowProps) {
  const title = titleOf(asset);
  const system = asset.owner === undefined && asset.type === 'folder';
  const on = { type: asset.type, id: asset.id, fields: { title } };
  const viewingAs = useViewAsRefusal(); // every change refused (MODEL A11); View stays
  return (
    <tr data-asset={asset.id} aria-selected={selected}>
      <td>
        <Greyed reason={system ? null : (viewingAs ?? selectRefusal)}>
          <input
            type="checkbox"
            aria-label={`Select ${title}`}
            checked={selected}
            disabled={system || (full && !selected)}
            title={full && !selected ? 'At most 50 assets move at once' : undefined}
            onChange={onToggle}
          />
        </Greyed>
      </td>
      <td className="name">
        <Icon name={asset.type === 'folder' ? 'folder' : 'dashboard'} />{' '}
        {asset.type === 'folder' ? (
          <button type="button" className="link" onClick={onOpenFolder}>
            {title}
          </button>
        ) : (
          <span>{title}</span>
        )}
      </td>
      <td>{asset.owner ? userName(asset.owner) : '—'}</td>
      <td>
        {system ? 'System folder' : (SHARING_LABEL[asset.sharing ?? 'private'] ?? asset.sharing)}
      </td>
      <td className="actions">
        {!system &&
          ASSET_ACTIONS.map((a) => (
            <ActionButton
              key={a.kind}
              I={a.I}
              on={on}
              icon={a.icon}
              label={a.label}
              subject={title}
              refusal={a.kind === 'view' ? null : viewingAs}
              onClick={() => onAction(a.kind)}
            />
          ))}
        {asset.type === 'dashboard' && (
          <Watch type="dashboard" id={asset.id} title={title} compact />
        )}
      </td>
    </tr>
  );
}
