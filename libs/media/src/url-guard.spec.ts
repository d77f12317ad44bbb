import { NonRetryableError } from '@spool/worker-runtime';
import { embeddedIPv4, isBlockedAddress } from './ip-ranges.js';
import { assertPublicUrl, redact, UrlRefusedError } from './url-guard.js';

describe('assertPublicUrl', () => {
  it.each([
    'http://127.0.0.1',
    'http://127.1.2.3:8080/x',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[::]/',
    'http://0.0.0.0/',
    'http://169.254.169.254/latest/meta-data',
    'http://[fd00:ec2::254]/latest/meta-data',
    'http://100.100.100.200/latest/meta-data',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://10.1.2.3',
    'http://192.168.0.1',
    'http://172.16.0.1',
    'http://172.31.255.255',
    'http://100.64.0.1',
    'http://198.18.0.1',
    'http://224.0.0.1',
    'http://255.255.255.255',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://[ff02::1]/',
    'http://[64:ff9b::10.0.0.1]/',
    'http://[2002:7f00:1::]/',
    'http://localhost:80',
    'http://LOCALHOST./',
    'http://foo.localhost',
    'ftp://x',
    'file:///etc/passwd',
    'gopher://example.com/',
    'data:text/plain,hi',
    'http://user:pw@example.com',
    'http://user@example.com',
    'not a url',
  ])('refuses %s', async (url) => {
    const err = await assertPublicUrl(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UrlRefusedError);
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err).toMatchObject({ code: 'URL_REFUSED', retryable: false, reason: expect.any(String) });
    expect((err as Error).message).not.toContain('pw@');
  });

  it.each(['http://93.184.215.14/', 'https://93.184.215.14:8443/video.mp4?sig=abc', 'http://[2606:4700:4700::1111]/'])('accepts the public literal %s', async (url) => {
    const checked = await assertPublicUrl(url);
    expect(checked.url.href).toBe(new URL(url).href);
    expect(checked.addresses).toHaveLength(1);
  });

  it('lets allowHosts exempt an exact host:port, and only that', async () => {
    await expect(assertPublicUrl('http://127.0.0.1:43123/a', { allowHosts: ['127.0.0.1:43123'] })).resolves.toMatchObject({ addresses: ['127.0.0.1'] });
    await expect(assertPublicUrl('http://127.0.0.1:43124/a', { allowHosts: ['127.0.0.1:43123'] })).rejects.toBeInstanceOf(UrlRefusedError);
    await expect(assertPublicUrl('http://localhost:43123/a', { allowHosts: ['localhost:43123'] })).resolves.toBeDefined();
    await expect(assertPublicUrl('file:///etc/passwd', { allowHosts: [''] })).rejects.toBeInstanceOf(UrlRefusedError);
  });
});

describe('isBlockedAddress', () => {
  it.each(['127.0.0.1', '10.0.0.1', '::1', '::ffff:10.0.0.1', '::ffff:7f00:1', 'fd00:ec2::254', '2001:db8::1', '64:ff9b::a00:1', 'not-an-ip'])('blocks %s', (ip) =>
    expect(isBlockedAddress(ip)).toBe(true),
  );
  it.each(['8.8.8.8', '93.184.215.14', '2606:4700:4700::1111', '64:ff9b::808:808', '2002:808:808::1', '::ffff:8.8.8.8'])('lets %s through', (ip) =>
    expect(isBlockedAddress(ip)).toBe(false),
  );
  it('reads IPv4 embedded in IPv6', () => {
    expect(embeddedIPv4('::ffff:192.168.1.1')).toBe('192.168.1.1');
    expect(embeddedIPv4('2002:c0a8:101::')).toBe('192.168.1.1');
    expect(embeddedIPv4('2606:4700::1')).toBeNull();
  });
});

describe('redact', () => {
  it('drops credentials and the query', () => {
    expect(redact('https://u:p@cdn.example.com/a.mp4?X-Amz-Signature=secret')).toBe('https://cdn.example.com/a.mp4?%E2%80%A6');
  });
});
