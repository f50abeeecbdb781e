package dev.cusp.core.attack.blackbox;

import java.util.Arrays;

/**
 * How Square lays a flat input of d features out as channels × height × width: the model's own shape when it
 * has three dimensions, a square single-channel image when d is a perfect square (Fashion-MNIST's 784 = 28²),
 * else the most nearly square h × w = d.
 */
record ImageShape(int channels, int height, int width) {

    static ImageShape of(int[] modelShape, int features) {
        if (modelShape.length == 3) {
            return new ImageShape(modelShape[0], modelShape[1], modelShape[2]);
        }
        if (modelShape.length != 1 || modelShape[0] != features) {
            throw new IllegalArgumentException("cannot lay out input shape " + Arrays.toString(modelShape)
                    + " with " + features + " features as an image");
        }
        int h = (int) Math.floor(Math.sqrt(features));
        while (features % h != 0) {
            h--;
        }
        return new ImageShape(1, h, features / h);
    }

    int features() {
        return channels * height * width;
    }
}
