import { ImageProcessProcessor } from './process/image-process.processor.js';
import { ThumbnailProcessor } from './thumbnail/thumbnail.processor.js';

/** The job types apps/worker-image serves: image.process and image.thumbnail. */
export const IMAGE_PROCESSORS = [ImageProcessProcessor, ThumbnailProcessor];
