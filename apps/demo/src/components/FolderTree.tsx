/** The folder tree (MODEL A4: Home > folder > sub-folder), as far as the user may see it (A6). */
import type { Resource } from '../api';
import { HOME, SYSTEM_FOLDERS, titleOf } from '../util';
import { Icon } from './Icon';

export interface FolderTreeProps {
  readonly folders: readonly Resource[];
  readonly current: string;
  onSelect(id: string): void;
}

export function FolderTree({ folders, current, onSelect }: FolderTreeProps) {
  const children = (id: string) =>
    folders.filter((f) => f.id !== HOME && (f.parent ?? HOME) === id);
  const branch = (id: string, depth: number) => {
    const kids = children(id);
    if (kids.length === 0 || depth > 3) return null;
    return (
      <ul>
        {kids.map((f) => (
          <li key={f.id}>
            {item(f)}
            {branch(f.id, depth + 1)}
          </li>
        ))}
      </ul>
    );
  };
  const item = (f: Resource) => (
    <button
      type="button"
      className="tree-item"
      aria-current={f.id === current ? 'true' : undefined}
      onClick={() => onSelect(f.id)}
      data-folder={f.id}
    >
      <Icon name="folder" /> {titleOf(f)}
    </button>
  );
  const home = SYSTEM_FOLDERS[0]!;
  return (
    <nav className="folder-tree" aria-label="Folders">
      <ul>
        <li>
          {item(home)}
          {branch(HOME, 1)}
        </li>
      </ul>
    </nav>
  );
}
