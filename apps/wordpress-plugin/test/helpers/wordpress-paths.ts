/**
 * Where the WordPress under test lives and how it reaches its database: Debian's layout
 * (`apt-get install wordpress`) and the machine's MariaDB (root over its socket) by default, each
 * overridable by an environment variable. The one place the WordPress test reads machine paths.
 *
 *   WORDPRESS_DIR          WordPress itself: wp-load.php, and the wp-config.php that reads
 *                          <WORDPRESS_CONFIG_DIR>/config-<host>.php (default /usr/share/wordpress)
 *   WORDPRESS_CONFIG_DIR   where that wp-config.php looks for config-<host>.php; the test writes
 *                          one file there per run and removes it (default /etc/wordpress)
 *   WORDPRESS_THEMES_DIR   the installed themes, linked into the run's own wp-content
 *                          (default <WORDPRESS_DIR>/wp-content/themes)
 *   WORDPRESS_DB_HOST      MariaDB/MySQL host for the client and for WordPress; `localhost`
 *                          means the socket (default localhost)
 *   WORDPRESS_DB_USER      a user that may create and drop databases (default root)
 *   WORDPRESS_DB_PASSWORD  its password (default empty)
 *
 * Debian's own wp-content (/var/lib/wordpress/wp-content) is never used: each run makes its own
 * in a temporary directory, with the plugin linked in.
 */
import { join } from 'node:path';

export type WordPressPaths = {
  root: string;
  configDir: string;
  themesDir: string;
  db: { host: string; user: string; password: string };
};

export function wordpressPaths(env: NodeJS.ProcessEnv = process.env): WordPressPaths {
  const root = env.WORDPRESS_DIR || '/usr/share/wordpress';
  return {
    root,
    configDir: env.WORDPRESS_CONFIG_DIR || '/etc/wordpress',
    themesDir: env.WORDPRESS_THEMES_DIR || join(root, 'wp-content', 'themes'),
    db: { host: env.WORDPRESS_DB_HOST || 'localhost', user: env.WORDPRESS_DB_USER || 'root', password: env.WORDPRESS_DB_PASSWORD ?? '' },
  };
}
