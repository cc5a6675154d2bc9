import { rawBurst } from './lib/raw-load.ts';
const [url, key, tool, n] = process.argv.slice(2);
for (let i = 0; i < 3; i++)
  console.log(
    Math.round(
      await rawBurst(
        { url, tool, headers: key === '-' ? {} : { authorization: `Bearer ${key}` } },
        Number(n),
      ),
    ),
    'calls/s',
  );
process.exit(0);
