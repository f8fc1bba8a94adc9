// Tests import core, families and readers directly (not through api/index.ts): give them Node's file system.
import { useNodeFileSystem } from '../../api/node-file-system.js';

useNodeFileSystem();
