import { dataKeyring, type DataKeyring } from '../../src/server/platform/encryption/keys';

/** The data key test apps seal files under (a served instance loads its own from its configuration). */
export const TEST_DATA_SECRET = 'zhongshu-test-data-key-not-for-deployments';

export const testDataKeys = (): DataKeyring => dataKeyring(Buffer.from(TEST_DATA_SECRET));
