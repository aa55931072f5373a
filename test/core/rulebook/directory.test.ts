import { expect } from '@open-wc/testing';
import { isDirectoryUrl, parseDirectory, parseGroupRoleChange } from '../../../src/core/directory.js';
import { ValidationError } from '../../../src/core/errors.js';

function refused(data: unknown): ValidationError {
  try {
    parseDirectory(data);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(data)} to be refused`);
}

describe('rulebook: directory data', () => {
  it('parses members, groups and roles; names trimmed, emails kept, a manager listed as a member stays a manager', () => {
    const parsed = parseDirectory({
      members: [
        { id: 'ana', name: '  Ana  ', email: 'ana@portal.example', avatarUrl: '/a/ana.png' },
        { kind: 'member', id: 'bo', name: 'Bo', profileUrl: 'https://portal.example/bo' },
      ],
      groups: [{ id: 'g', name: 'Guild', managers: ['ana'], members: ['ana', 'bo', 'cy'] }],
    });
    expect(parsed.members).to.deep.equal([
      { id: 'ana', name: 'Ana', avatarUrl: '/a/ana.png', email: 'ana@portal.example' },
      { id: 'bo', name: 'Bo', profileUrl: 'https://portal.example/bo' },
    ]);
    expect([...parsed.groups[0]!.roles]).to.deep.equal([
      ['ana', 'manager'],
      ['bo', 'member'],
      ['cy', 'member'],
    ]);
    expect([...parsed.referenced]).to.deep.equal(['cy']);
  });

  it('links: absolute http(s), or a path from the portal’s root', () => {
    for (const url of ['https://x.example/a.png', 'http://x.example/', '/avatars/a.png', '/']) {
      expect(isDirectoryUrl(url), url).to.equal(true);
    }
    for (const url of [
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      '//evil.example/a.png',
      '/\\evil.example/a.png',
      'img/a.png',
      'ftp://x.example/a.png',
      'https://x.example/a b.png',
      '',
      `https://x.example/${'a'.repeat(2000)}`,
    ]) {
      expect(isDirectoryUrl(url), url).to.equal(false);
    }
  });

  const bad: [string, unknown][] = [
    ['not an object', null],
    ['no groups', { members: [] }],
    ['an unknown key', { members: [], groups: [], admins: [] }],
    ['an id with spaces around it', { members: [{ id: ' ana', name: 'Ana' }], groups: [] }],
    ['an id with a NUL', { members: [{ id: 'a\u0000', name: 'Ana' }], groups: [] }],
    ['a blank name', { members: [{ id: 'ana', name: ' \u200B ' }], groups: [] }],
    ['a name with a NUL', { members: [{ id: 'ana', name: 'A\u0000na' }], groups: [] }],
    ['a name of 201 code points', { members: [{ id: 'ana', name: '😀'.repeat(201) }], groups: [] }],
    ['a bad email', { members: [{ id: 'ana', name: 'Ana', email: 'ana at portal' }], groups: [] }],
    [
      'a locale that is not a language tag',
      { members: [{ id: 'ana', name: 'Ana', locale: 'not a tag' }], groups: [] },
    ],
    ['a locale that is a number', { members: [{ id: 'ana', name: 'Ana', locale: 7 }], groups: [] }],
    ['an empty locale', { members: [{ id: 'ana', name: 'Ana', locale: '' }], groups: [] }],
    ['a misspelt key', { members: [{ id: 'ana', name: 'Ana', avatar: '/a.png' }], groups: [] }],
    ['a group as a member', { members: [{ kind: 'group', id: 'ana', name: 'Ana' }], groups: [] }],
    [
      'a member twice',
      {
        members: [
          { id: 'ana', name: 'A' },
          { id: 'ana', name: 'B' },
        ],
        groups: [],
      },
    ],
    ['a group without lists', { members: [], groups: [{ id: 'g', name: 'G' }] }],
    [
      'a group with a bad member id',
      { members: [], groups: [{ id: 'g', name: 'G', managers: [], members: [' x'] }] },
    ],
  ];
  for (const [what, data] of bad) {
    it(`refuses ${what} as bad-request, with a message that says so`, () => {
      const error = refused(data);
      expect([error.reason, error.field]).to.deep.equal(['bad-request', 'request']);
      expect(error.message).to.match(/\w{3}/);
    });
  }

  it('accepts a name of 200 emoji and an id of 200 emoji', () => {
    const parsed = parseDirectory({
      members: [{ id: '😀'.repeat(200), name: '😀'.repeat(200) }],
      groups: [],
    });
    expect(parsed.members).to.have.length(1);
  });

  it('a role change: two valid ids and a known role or null', () => {
    expect(parseGroupRoleChange('g', 'ana', null)).to.deep.equal({
      groupId: 'g',
      memberId: 'ana',
      role: null,
    });
    for (const args of [
      ['g', 'ana', 'owner'],
      ['g', ' ana', 'member'],
      [1, 'ana', 'member'],
    ] as const) {
      expect(() => parseGroupRoleChange(args[0], args[1], args[2])).to.throw(ValidationError);
    }
  });

  it('keeps a member’s locale in its canonical form (S22), whether or not a table exists for it', () => {
    const { members } = parseDirectory({
      members: [
        { id: 'ana', name: 'Ana', locale: 'DE-at' },
        { id: 'bo', name: 'Bo', locale: 'fr' },
        { id: 'cy', name: 'Cy' },
      ],
      groups: [],
    });
    expect(members.map((member) => member.locale)).to.deep.equal(['de-AT', 'fr', undefined]);
  });
});
