import { describe, expect, it } from 'vitest';
import { matches, nameOf } from '../../screens/UserManagement.tsx';
import { idFromName, roleReason } from './UserDialog.tsx';

describe('the user form', () => {
  it('derives a readable user id from the full name', () => {
    expect(idFromName('Nina Newcomer')).toBe('ninanewcomer');
    expect(idFromName('Zoë O’Brien-Smith')).toBe('zoeobriensmith');
    expect(idFromName('  ')).toBe('');
  });

  it('says in a sentence why a role cannot be assigned (MODEL R3), without ids', () => {
    const reason = roleReason(
      { rule: 'R3', message: 'role "ROLE_CUSTOMER_ADMIN" does not reach ccm. Assign only…' },
      'Customer admin',
    );
    expect(reason).toBe(
      'you can assign only roles you hold yourself, and Customer admin is not one of yours',
    );
    expect(roleReason(null, 'User')).toBeNull();
  });
});

describe('the user search', () => {
  const nia = {
    id: 'nia',
    attributes: { name: 'Nia New', email: 'nia@x.io', department: 'Support' },
  };
  it('finds users by name, email, id or department, case-insensitively', () => {
    expect(nameOf(nia)).toBe('Nia New');
    for (const q of ['nia new', 'X.IO', 'support', ' nia ', '']) expect(matches(nia, q)).toBe(true);
    expect(matches(nia, 'sales')).toBe(false);
  });
});
